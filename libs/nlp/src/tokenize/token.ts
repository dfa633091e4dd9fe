/** A token of the original text: `text` is the exact slice `[start, end)`, `norm` its typographically normalized form. */
export interface Token {
  start: number;
  end: number;
  text: string;
  norm: string;
}

/** A sentence as a run of tokens; `start`/`end` are character offsets of its first and last token. */
export interface Sentence {
  index: number;
  start: number;
  end: number;
  tokens: Token[];
}
