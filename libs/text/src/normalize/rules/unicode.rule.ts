import type { ReportBuilder } from '../report';

// Character-level cleanup that every later rule relies on: one Unicode form, no invisible characters, one kind of
// line break and single spaces. Typographic punctuation is deliberately left alone (see foldForMatching).

export const UNICODE_RULE = 'unicode-nfc';
export const INVISIBLE_RULE = 'invisible-chars';
export const WHITESPACE_RULE = 'whitespace';

// C0/C1 controls except \t, \n and the line breaks below, zero-width space and direction marks, soft hyphen, BOM and
// bidi embedding controls. Removing them never changes what a reader sees but does change hashes and token
// boundaries. The zero-width (non-)joiners stay: they do change what a reader sees (Persian "می‌خواهیم", emoji
// sequences such as 👨‍👩‍👧).
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is this rule's purpose
  /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F\u00AD\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
// eslint-disable-next-line no-control-regex -- the ASCII range
const NON_ASCII = /[^\u0000-\u007F]/;
// Line breaks other than \n: form feed, NEL (feeds from EBCDIC systems) and the vertical tab Word writes for a
// manual line break; dropped as invisible, they would run two sentences together ("repairs.Harbour master").
// eslint-disable-next-line no-control-regex -- form feed, vertical tab and NEL are line breaks
const LINE_BREAKS = /\r\n?|[\u000B\u000C\u0085\u2028]/g;
const PARAGRAPH_SEPARATOR = /\u2029/g;
// Tabs and exotic spaces (not the plain space, which would make the callback run at every word).
const SPECIAL_SPACE = /[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g;
const SPACE_RUN = / {2,}/g;
const LINE_EDGE_SPACE = /^ | $/gm;

// Anything the passes below could change: a character one of them acts on (a superset: all C0/C1 controls but \n,
// exotic spaces, zero-width, bidi and line/paragraph separators), a run of spaces, or a space next to a line break.
// Ordinary article text has none of these (or only at its very start or end, checked apart: anchors in this regex
// would slow it down), and one test then spares six whole-text passes.
const NEEDS_CLEANING =
  // eslint-disable-next-line no-control-regex -- control characters are among what this looks for
  /[\u0000-\u0009\u000B-\u001F\u007F-\u00A0\u00AD\u1680\u2000-\u200F\u2028-\u202F\u205F-\u2069\u3000\uFEFF]| [ \n]|\n /;

export function cleanUnicode(input: string, report: ReportBuilder): string {
  // ASCII text is already NFC; skipping normalize() there saves a full copy of the text.
  let text = NON_ASCII.test(input) ? input.normalize('NFC') : input;
  if (text !== input) report.count(UNICODE_RULE);

  if (!NEEDS_CLEANING.test(text) && !text.startsWith(' ') && !text.endsWith(' ')) return text;

  const beforeInvisible = text.length;
  text = text.replace(INVISIBLE, '');
  report.count(INVISIBLE_RULE, beforeInvisible - text.length);

  text = text.replace(LINE_BREAKS, '\n').replace(PARAGRAPH_SEPARATOR, '\n\n');

  // Whole-text passes rather than per-line work: exotic spaces become a space, runs of spaces one space, and the
  // single space left at either end of a line goes. Each regex advances past every match, so all stay linear.
  let fixes = 0;
  const fix = (replacement: string) => () => {
    fixes++;
    return replacement;
  };
  text = text.replace(SPECIAL_SPACE, fix(' ')).replace(SPACE_RUN, fix(' ')).replace(LINE_EDGE_SPACE, fix(''));
  report.count(WHITESPACE_RULE, fixes);
  return text;
}
