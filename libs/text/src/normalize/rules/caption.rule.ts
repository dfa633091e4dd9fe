import { countWords } from '../shape';
import type { ParagraphRule } from './paragraph-rule';

// Photo captions pasted into the body, recognised by the credit that closes them: "… in Kyiv. Photo: Getty",
// "… village of Smolyaninovo. Gavriil Grigorov / TASS", "… (AP Photo/Jane Doe)". The whole paragraph goes: a caption
// describes a picture the reader no longer sees. Only the last clause (after the final sentence break) is examined.

const CREDIT_PATTERNS = [
  /^(?:photo|photograph|picture|image|pic|illustration|graphic|footage)s?(?: credit)? ?: ?[^:]{1,60}$/i,
  /^\(?(?:\p{Lu}{1,10} )?(?:photo|picture|image)s? ?\/ ?[^()]{1,60}\)?$/iu,
  /^\(?(?:photo|picture|image)s? (?:by|courtesy(?: of)?) [^()]{1,60}\)?$/i,
  // "Gavriil Grigorov / TASS", "Jane Doe/Reuters": a capitalised name, a slash, a capitalised outlet.
  /^\p{Lu}[\p{L}'\u2019.-]*(?: \p{Lu}[\p{L}'\u2019.-]*){0,3} ?\/ ?\p{Lu}[\p{L}&.-]*(?: \p{Lu}[\p{L}&.-]*){0,2}$/u,
  /^(?:[\p{L} ]{1,30} via )?getty images$/iu,
];
const MAX_CREDIT_LENGTH = 80;
const SPACE = 0x20;
const PERIOD = 0x2e;
const EXCLAMATION = 0x21;
const QUESTION = 0x3f;
/** " ' ’ ” ) */
const CLOSING_QUOTES = [0x22, 0x27, 0x2019, 0x201d, 0x29];

/** The clause after the last sentence break ("… Smolyaninovo. Gavriil Grigorov / TASS" → "Gavriil Grigorov / TASS"). */
export function lastClause(paragraph: string): string {
  // Character codes rather than one-character strings and `includes`: this runs on every paragraph up to 600
  // characters, and the code comparisons make it about 40% faster.
  for (let i = paragraph.length - 2; i > 0; i--) {
    if (paragraph.charCodeAt(i) !== SPACE) continue;
    let j = i - 1;
    let c = paragraph.charCodeAt(j);
    if (CLOSING_QUOTES.includes(c) && j > 0) c = paragraph.charCodeAt(--j);
    if (c === PERIOD || c === EXCLAMATION || c === QUESTION) return paragraph.slice(i + 1);
    if (paragraph.length - i > MAX_CREDIT_LENGTH) break;
  }
  return paragraph;
}

/** Every credit form has one of these; most paragraphs are rejected here without running the patterns. */
const CREDIT_MARKERS = /[:/]|\b(?:by|courtesy|getty)\b/i;

export function endsWithPhotoCredit(paragraph: string): boolean {
  // The clause is a suffix of at most MAX_CREDIT_LENGTH characters that starts after a space, so a marker in it is
  // also a marker in the paragraph's last MAX_CREDIT_LENGTH characters (word boundaries included). Testing those
  // first rejects most prose without the backward scan for the last sentence break.
  if (!CREDIT_MARKERS.test(paragraph.length > MAX_CREDIT_LENGTH ? paragraph.slice(-MAX_CREDIT_LENGTH) : paragraph)) {
    return false;
  }
  const clause = lastClause(paragraph);
  return (
    clause.length <= MAX_CREDIT_LENGTH && CREDIT_MARKERS.test(clause) && CREDIT_PATTERNS.some((re) => re.test(clause))
  );
}

/** Captions are one or two sentences; a longer paragraph ending in a credit is prose that must not be dropped. */
const MAX_CAPTION_SENTENCES = 2;

function sentenceEnds(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length - 1; i++) if ('.!?'.includes(text[i]) && text[i + 1] === ' ') n++;
  return n;
}

export const captionRule: ParagraphRule = {
  name: 'caption',
  maxLength: 600,
  matches: (p) =>
    endsWithPhotoCredit(p) &&
    countWords(p, 80) <= 80 &&
    sentenceEnds(p.slice(0, p.length - lastClause(p).length)) <= MAX_CAPTION_SENTENCES,
};
