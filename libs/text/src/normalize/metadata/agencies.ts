// News agencies and outlets an article can credit. Canonical codes are the short upper-case names newsrooms use.
// Matching is case-sensitive on purpose: "AP" and "PA" are agencies, "ap"/"pa" are not.

const AGENCIES: ReadonlyArray<[code: string, names: string[]]> = [
  ['AP', ['AP', 'Associated Press']],
  ['AFP', ['AFP', 'Agence France-Presse', 'Agence France Presse']],
  ['REUTERS', ['Reuters']],
  ['BBC', ['BBC']],
  ['TASS', ['TASS', 'Tass']],
  ['AAP', ['AAP', 'Australian Associated Press']],
  ['DPA', ['dpa', 'DPA', 'Deutsche Presse-Agentur']],
  ['ANSA', ['ANSA']],
  ['EFE', ['EFE']],
  ['XINHUA', ['Xinhua']],
  ['KYODO', ['Kyodo', 'Kyodo News']],
  ['PA', ['PA Media', 'Press Association']],
  ['UPI', ['UPI', 'United Press International']],
  ['RIA', ['RIA Novosti', 'RIA']],
  ['INTERFAX', ['Interfax']],
  ['UKRINFORM', ['Ukrinform']],
  ['ANADOLU', ['Anadolu Agency', 'Anadolu']],
  ['PTI', ['PTI', 'Press Trust of India']],
  ['YONHAP', ['Yonhap']],
  ['CP', ['Canadian Press']],
  ['BLOOMBERG', ['Bloomberg']],
  ['CNN', ['CNN']],
  ['NPR', ['NPR']],
];

const CODE_BY_NAME = new Map<string, string>();
for (const [code, names] of AGENCIES) for (const name of names) CODE_BY_NAME.set(name, code);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Longest names first so "Australian Associated Press" wins over "Associated Press".
const NAME_ALTERNATION = [...CODE_BY_NAME.keys()]
  .sort((a, b) => b.length - a.length)
  .map(escape)
  .join('|');
// The "no letter or digit before" condition is checked in code (letterOrDigitBefore), not as a regex lookbehind: a
// leading lookbehind is evaluated at every position of the text and made this scan three times slower.
const AGENCY_NAME = new RegExp(`(?:${NAME_ALTERNATION})(?![\\p{L}\\p{N}])`, 'gu');
const ENDS_WITH_LETTER_OR_DIGIT = /[\p{L}\p{N}]$/u;
const EXACT_AGENCY = new RegExp(`^(?:${NAME_ALTERNATION})$`, 'u');

export function agencyCode(name: string): string | null {
  const trimmed = name.trim();
  return EXACT_AGENCY.test(trimmed) ? (CODE_BY_NAME.get(trimmed) ?? null) : null;
}

// A mention counts as a *credit* only in a credit context: a dateline or photo credit "(AP/BBC)", "/ TASS",
// "told AFP", "-with AAP", "By Jane Doe, Reuters", "the BBC has been told", "Associated Press journalists".
// "the Interfax news agency reported" cites a source and is not a credit. Contexts are checked on short windows
// around each mention, so the scan stays linear in the paragraph length.
/** Tested on the text just before a mention. */
const BEFORE_CONTEXTS = [/\btold (?:the )?$/i, /[(/] ?$/, /\b(?:photo|photograph|picture|image|video|credit)s?: ?$/i];
/** Tested on the paragraph up to a mention: credit lines and bylines that start the paragraph. */
const LINE_START_CONTEXTS = [
  /^[-\u2013\u2014] ?(?:(?:with|via) (?:the )?)?$/i,
  /^\(?(?:with )?(?:additional )?reporting by [^()]{0,80}$/i,
  /^by [\p{L} .'-]{1,60}[,(/] ?$/iu,
];
/** Tested on the text just after a mention. */
const AFTER_CONTEXTS = [
  /^ (?:has|have|had) been told\b/,
  /^ (?:journalists?|reporters?|correspondents?|photographers?|staff|contributed)\b/,
  /^ (?:saw|has seen|learned|has learned|understands|has confirmed|photo)\b/i,
  /^ ?[)/]/,
];
const WINDOW = 90;

export interface AgencyCredit {
  index: number;
  code: string;
}

/** Whether a letter or digit (a whole code point: two code units when astral) ends text[0, index). */
function letterOrDigitBefore(text: string, index: number): boolean {
  return index > 0 && ENDS_WITH_LETTER_OR_DIGIT.test(text.slice(Math.max(0, index - 2), index));
}

/**
 * Credited agencies in `text`, which may be one paragraph or many joined by newlines (one call over a whole article
 * is much cheaper than one per paragraph). Context windows never reach across a newline.
 */
export function findAgencyCredits(text: string): AgencyCredit[] {
  const credits: AgencyCredit[] = [];
  AGENCY_NAME.lastIndex = 0;
  for (let match = AGENCY_NAME.exec(text); match !== null; match = AGENCY_NAME.exec(text)) {
    const start = match.index;
    if (letterOrDigitBefore(text, start)) {
      // Not a mention ("xAP"). Resume one character on, as the lookbehind form would: a shorter name may start
      // inside this one ("xAssociated Press Association" still mentions "Press Association").
      AGENCY_NAME.lastIndex = start + 1;
      continue;
    }
    const end = start + match[0].length;
    const window = text.slice(Math.max(0, start - WINDOW), start);
    const newline = window.lastIndexOf('\n');
    const before = newline >= 0 ? window.slice(newline + 1) : window;
    const atLineStart = newline >= 0 || start <= WINDOW;
    let after = text.slice(end, end + WINDOW);
    if (after.includes('\n')) after = after.slice(0, after.indexOf('\n'));
    const credited =
      AFTER_CONTEXTS.some((re) => re.test(after)) ||
      BEFORE_CONTEXTS.some((re) => re.test(before)) ||
      (atLineStart && LINE_START_CONTEXTS.some((re) => re.test(before)));
    const code = CODE_BY_NAME.get(match[0]);
    if (credited && code) credits.push({ index: start, code });
  }
  return credits;
}

/** Adds codes to `into` keeping first-seen order and no duplicates. */
export function mergeAgencies(into: string[], codes: Iterable<string>): void {
  for (const code of codes) if (!into.includes(code)) into.push(code);
}
