// Shape predicates shared by the rules. Rules decide from the *shape* of a line (length, punctuation, capitalisation),
// never from its wording, so they carry over to articles nobody has seen yet.
// Every regex here is anchored and free of nested quantifiers: linear in the line length.

const CLOSERS = new Set(['"', "'", '\u2019', '\u201D', '\u00BB', ')', ']']);
const TERMINAL = /^[.!?\u2026:;]$/;
const SENTENCE_END = /^[.!?\u2026]$/;

/**
 * The line without trailing closing quotes/brackets (and spaces between them: detokenized text has `anymore. "`).
 * A loop, not /[…]+$/: an unanchored "+$" regex re-scans the run of closers from every start position, which is
 * quadratic on a long run.
 */
export function stripClosers(line: string): string {
  let end = line.length;
  while (end > 0 && (CLOSERS.has(line[end - 1]) || line[end - 1] === ' ')) end--;
  return end === line.length ? line : line.slice(0, end);
}

/** Last meaningful character, looking through closing quotes/brackets: `he said."` ends with a period. */
export function endsWithTerminal(line: string): boolean {
  return TERMINAL.test(stripClosers(line).slice(-1));
}

/** Sentence-final punctuation only (no colon/semicolon): what a real paragraph ends with. */
export function endsSentence(line: string): boolean {
  return SENTENCE_END.test(stripClosers(line).slice(-1));
}

export function startsLowercase(line: string): boolean {
  return /^\p{Ll}/u.test(line);
}

export function startsUppercaseOrQuote(line: string): boolean {
  return /^["'\u2018\u201C\u00AB(]?[\p{Lu}\p{N}]/u.test(line);
}

// Bullets, "1." / "1)" and "(a)" / "a)". Not "a. ": a wrapped line can start with the article "a" ending a sentence.
const LIST_ITEM = /^(?:[-*\u2022\u25AA\u25CF\u2013\u2014]\s|\d{1,3}[.)]\s|\(?[a-z]\)\s)/;

export function isListItem(line: string): boolean {
  return LIST_ITEM.test(line);
}

export function words(text: string): string[] {
  return text.split(' ').filter((w) => /[\p{L}\p{N}]/u.test(w));
}

const ALNUM = /[\p{L}\p{N}]/u;

function isSpace(code: number): boolean {
  return (
    code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || (code >= 0x2000 && code <= 0x200a) || code === 0x3000
  );
}

/**
 * Number of whitespace-separated tokens that contain a letter or digit. A single pass without building a token
 * array: word counts run on every paragraph and on the whole text, which can be megabytes.
 * `stopAfter`: the rules only ask "at most N words?", so counting stops at N + 1 — a long paragraph is not read
 * to its end by every rule.
 */
export function countWords(text: string, stopAfter = Infinity): number {
  let n = 0;
  let inToken = false;
  let counted = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) {
      inToken = false;
      continue;
    }
    if (!inToken) {
      inToken = true;
      counted = false;
    }
    if (!counted) {
      const alnum =
        (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)
          ? true
          : code >= 128 && !(code >= 0x2000 && code <= 0x206f) && ALNUM.test(text[i]); // U+2000–206F: punctuation
      if (alnum) {
        if (++n > stopAfter) return n;
        counted = true;
      }
    }
  }
  return n;
}

export function firstWord(line: string): string {
  const space = line.indexOf(' ');
  return space < 0 ? line : line.slice(0, space);
}

const MINOR_WORDS = new Set([
  'a',
  'an',
  'and',
  'as',
  'at',
  'but',
  'by',
  'for',
  'from',
  'in',
  'into',
  'nor',
  'of',
  'on',
  'or',
  'the',
  'to',
  'with',
]);

/** "Subscribe To Our Weekly Newsletter": nearly every word capitalised, as in buttons, banners and promo lines. */
export function isTitleCase(line: string): boolean {
  if (line.length > 200 || line.indexOf(' ') < 0) return false;
  const ws = words(line).map((w) => w.replace(/^[^\p{L}\p{N}]+/u, ''));
  if (ws.length < 3) return false;
  const capitalised = ws.filter((w) => /^[\p{Lu}\p{N}]/u.test(w)).length;
  const minor = ws.filter((w) => MINOR_WORDS.has(w)).length;
  return capitalised + minor === ws.length && capitalised >= ws.length - 1 && capitalised >= 3;
}

/**
 * Headline/heading shape: short, starts like a title, and does not end like a sentence or clause. Questions and
 * exclamations are excluded too: a one-sentence quote paragraph ("See?") is far more common than a question heading.
 */
export function isHeadingShaped(line: string, maxWords = 14): boolean {
  if (line.length > 160 || !startsUppercaseOrQuote(line)) return false;
  const n = countWords(line, maxWords);
  if (n === 0 || n > maxWords) return false;
  return !/^[.,:;!?\u2026]$/.test(stripClosers(line).slice(-1)) && !isListItem(line);
}
