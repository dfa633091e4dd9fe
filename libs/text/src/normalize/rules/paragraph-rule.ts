/**
 * A boilerplate rule looks at one paragraph and says whether it is page furniture rather than article text.
 * Rules are shape- and pattern-based; `maxLength` gates them so that no regex ever runs on a long paragraph (prose
 * is never furniture, and it keeps every rule O(1) per paragraph whatever the input).
 */
export interface ParagraphRule {
  readonly name: string;
  readonly maxLength: number;
  matches(paragraph: string): boolean;
}
