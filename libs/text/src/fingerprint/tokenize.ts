import { foldSpelling } from './spelling';

// Typographic variants that copy desks and CMSs substitute freely; mapping them first means that, e.g., "Kyiv’s"
// and "Kyiv's" both split at the same apostrophe.
const TYPOGRAPHIC: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u2033': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
  '\u00A0': ' ',
  '\u2026': '...',
  '\u00AD': '',
};
const TYPOGRAPHIC_RE = /[\u2018\u2019\u201A\u2032\u201C\u201D\u201E\u2033\u2010-\u2015\u2212\u00A0\u2026\u00AD]/g;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
// A word is a run of letters/digits; an apostrophe inside a word ("don't") is dropped rather than splitting it,
// and a possessive "'s" is dropped so "Kyiv's" and "Kyiv" match.
const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;

/** Unicode compatibility form, lower case, no diacritics, typographic punctuation mapped to ASCII. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(TYPOGRAPHIC_RE, (c) => TYPOGRAPHIC[c] ?? c)
    .toLowerCase();
}

// Chinese and Japanese are written without spaces: a "word" above is a whole clause, shared by no two reports.
// Runs of these scripts are cut into characters (shingles) or character pairs (terms) instead, the usual
// dictionary-free segmentation. Korean separates its words with spaces and needs none of this.
const UNSEGMENTED_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30FC]+/gu;

/** A word's pieces: runs of an unsegmented script (Chinese, Japanese) apart from the rest, in order. */
export function unsegmentedPieces(word: string): Array<{ text: string; unsegmented: boolean }> {
  const pieces: Array<{ text: string; unsegmented: boolean }> = [];
  let at = 0;
  for (const run of word.matchAll(UNSEGMENTED_RUN)) {
    if (run.index > at) pieces.push({ text: word.slice(at, run.index), unsegmented: false });
    pieces.push({ text: run[0], unsegmented: true });
    at = run.index + run[0].length;
  }
  if (at < word.length) pieces.push({ text: word.slice(at), unsegmented: false });
  return pieces;
}

/** Folds one already-lower-cased word: possessive and inner apostrophes removed, spelling folded. */
export function foldWord(word: string): string {
  const stripped = word.endsWith("'s") ? word.slice(0, -2) : word;
  return foldSpelling(stripped.replace(/'/g, ''));
}

/**
 * Tokens for near-duplicate matching: insensitive to case, diacritics, punctuation, line wrapping and UK/US
 * spelling, so the only differences left between two copies are real textual edits.
 */
export function matchTokens(text: string): string[] {
  const folded = foldText(text);
  const tokens: string[] = [];
  for (const match of folded.matchAll(WORD)) {
    for (const piece of unsegmentedPieces(match[0])) {
      if (piece.unsegmented) tokens.push(...piece.text);
      else tokens.push(foldWord(piece.text));
    }
  }
  return tokens;
}
