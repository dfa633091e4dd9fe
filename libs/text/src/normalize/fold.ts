// Matching form of a text. Display text keeps typographic punctuation (readers see “quotes” and en dashes), but two
// copies of one wire story must compare equal even when one outlet uses straight quotes and another curly ones.

const PUNCTUATION_FOLDS: Record<string, string> = {};
for (const c of '\u2018\u2019\u201A\u201B\u2032\u2035\u02BC\u0060\u00B4') PUNCTUATION_FOLDS[c] = "'";
for (const c of '\u201C\u201D\u201E\u201F\u2033\u2036\u00AB\u00BB\u2039\u203A') PUNCTUATION_FOLDS[c] = '"';
// Hyphen, non-breaking hyphen, figure dash, en/em dash, horizontal bar, minus sign, small/full-width hyphen-minus.
for (const c of '\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D') PUNCTUATION_FOLDS[c] = '-';
PUNCTUATION_FOLDS['\u2026'] = '...';

const FOLDABLE = new RegExp(`[${Object.keys(PUNCTUATION_FOLDS).join('')}]`, 'g');
// Kept out of FOLDABLE: adding them to that character class makes V8's scan of every text several times slower, and
// they are non-ASCII, so the slow path below (only taken when non-ASCII remains) handles them.
const INVISIBLE = /[\u00AD\u200B-\u200F\u2060\uFEFF]/g;
const COMBINING_MARKS = /\p{M}/gu;
// Whitespace runs that are not already a single space: a lone space (between every two words) is not a match, so
// the replace below touches only paragraph breaks and odd runs. Same result as replacing every /\s+/ with ' ', about
// 3x faster on article text, where /\s+/ matched (and rebuilt) at every word.
const WHITESPACE_TO_COLLAPSE = /[^\S ]\s*| \s+/g;
// eslint-disable-next-line no-control-regex -- the ASCII range, for the fast path
const NON_ASCII = /[^\u0000-\u007F]/;

export function foldForMatching(text: string): string {
  // Typographic punctuation first: wire text is usually ASCII apart from its quotes and dashes, and once those are
  // folded the (comparatively slow) Unicode normalization passes can be skipped altogether.
  let s = text.replace(FOLDABLE, (c) => PUNCTUATION_FOLDS[c]);
  if (NON_ASCII.test(s)) {
    // NFKC folds ligatures, full-width forms and compatibility characters (some into punctuation folded above);
    // NFD then splits "é" into "e" + combining acute so the mark can be dropped; NFC recomposes what remains.
    s = s
      .replace(INVISIBLE, '')
      .normalize('NFKC')
      .replace(FOLDABLE, (c) => PUNCTUATION_FOLDS[c]);
    s = s.normalize('NFD').replace(COMBINING_MARKS, '').normalize('NFC');
  }
  return s.toLowerCase().replace(WHITESPACE_TO_COLLAPSE, ' ').trim();
}
