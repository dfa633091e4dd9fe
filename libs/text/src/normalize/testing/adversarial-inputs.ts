// Inputs shaped to make a backtracking regex or a rescanning loop super-linear. Shared by the tests, which check
// that normalization gives the right output on them, and by tools/bench/normalize.ts, which measures how CPU time
// grows with their length; keeping one list means the benchmark measures exactly what the tests exercise.

/**
 * Each repeated to one long line: word characters, digits, whitespace, the ASCII punctuation the text rules match
 * on, typographic quotes, dashes and ellipsis, a bullet, a precomposed and a combining accent, a zero-width space.
 */
export const ADVERSARIAL_LINE_CHARACTERS: readonly string[] = [
  ...'a A.-:;/()"\'\u2019\u201D\u2014\u2026,!?#*\u2022\u00E9\u0301\u200B\t\n1',
];

/** Openings that are never closed, so a scan for the closing tag or "-->" finds nothing. */
export const ADVERSARIAL_HTML_PATTERNS: readonly string[] = ['<script', '<!--', '<'];

/**
 * Start tags that are never closed, so every repetition nests one level (three for the table) deeper: quadratic in
 * the HTML parser and in Readability unless the nesting is bounded first (html/bound-nesting.ts).
 */
export const ADVERSARIAL_NESTING_PATTERNS: readonly string[] = ['<div>a', '<span>', '<table><tr><td>'];

/** `pattern` repeated until the string is at least `length` UTF-16 code units long. */
export function repeatToLength(pattern: string, length: number): string {
  return pattern.repeat(Math.ceil(length / pattern.length));
}
