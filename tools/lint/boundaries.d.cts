export declare const FLOORS: string[][];
export declare const SAME_FLOOR: Record<string, string[]>;
export declare function elementOf(
  file: string,
  root?: string,
): { kind: 'lib' | 'app' | 'tools' | 'test'; name: string } | null;
export declare function violation(fromFile: string, source: string, root?: string): string | null;
export declare const plugin: { rules: Record<string, unknown> };
