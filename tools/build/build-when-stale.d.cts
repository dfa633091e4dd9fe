export declare const SOURCE_ROOTS: string[];
export declare const NOT_BUILT: RegExp;
export declare const BUILD_INFO: string;
export declare function staleInput(root: string): string | null;
