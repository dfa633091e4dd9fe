// Matching form of a text. Display text keeps typographic punctuation (readers see “quotes” and en dashes), but two
// copies of one wire story must compare equal even when one outlet uses straight quotes and another curly ones.

const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u2035\u02BC\u0060\u00B4]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u2036\u00AB\u00BB\u2039\u203A]/g;
// Hyphen, non-breaking hyphen, figure dash, en/em dash, horizontal bar, minus sign.
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const ELLIPSIS = /\u2026/g;
const COMBINING_MARKS = /\p{M}/gu;
const INVISIBLE = /[\u00AD\u200B-\u200F\u2060\uFEFF]/g;
const WHITESPACE = /\s+/g;

export function foldForMatching(text: string): string {
  return (
    text
      // NFKC first: folds ligatures, full-width forms and compatibility spaces into their plain equivalents.
      .normalize('NFKC')
      .replace(INVISIBLE, '')
      .replace(SINGLE_QUOTES, "'")
      .replace(DOUBLE_QUOTES, '"')
      .replace(DASHES, '-')
      .replace(ELLIPSIS, '...')
      .toLowerCase()
      // NFD splits "é" into "e" + combining acute so the mark can be dropped; NFC afterwards recomposes what remains.
      .normalize('NFD')
      .replace(COMBINING_MARKS, '')
      .normalize('NFC')
      .replace(WHITESPACE, ' ')
      .trim()
  );
}
