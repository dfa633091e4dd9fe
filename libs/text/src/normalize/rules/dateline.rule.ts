import { agencyCode } from '../metadata/agencies';
import { formatCalendarDate, inferYear, parseCalendarDate, type CalendarDate } from '../metadata/dates';
import type { Dateline } from '../types';

// Wire-style datelines open the first paragraph: "KYIV, Apr 07 (AP/BBC): …", "Kyiv, Ukraine (AP) – …",
// "date 2022-04-08 SEVERODONETSK, Ukraine: …", "WASHINGTON (Reuters) - …". The dateline is metadata, not prose: it is
// recorded and cut from the text (copies of one story carry different datelines). Parsed by hand on a bounded
// prefix — a place (capitalised words), optional region and date, optional agencies in parentheses, a separator —
// so it is O(1) per article and never backtracks.

export const DATELINE_RULE = 'dateline';

const MAX_DATELINE = 100;
const ISO_PREFIX = /^date:? (\d{4}-\d{2}-\d{2}) /i;
const PLACE_WORD = /^\p{Lu}[\p{L}.'\u2019-]*$/u;
const ALL_CAPS_WORD = /^\p{Lu}[\p{Lu}.'\u2019-]+$/u;
/** An outlet's name in a credit: one to three capitalised words. */
const CREDIT_NAME = /^\p{Lu}[\p{L}.&'\u2019-]{0,20}(?: \p{Lu}[\p{L}.&'\u2019-]{0,20}){0,2}$/u;
// Labels that look like an all-caps place before a colon but open a different kind of paragraph.
const NOT_PLACES = new Set([
  'BREAKING',
  'UPDATE',
  'UPDATED',
  'EXCLUSIVE',
  'WATCH',
  'LIVE',
  'ANALYSIS',
  'OPINION',
  'EDITORIAL',
  'NOTE',
  'CORRECTION',
  'VIDEO',
  'PHOTOS',
  'READ',
  'FACT CHECK',
]);

export interface DatelineMatch {
  dateline: Dateline;
  /** Agency codes credited in the dateline, in order. */
  agencies: string[];
  /** The paragraph with the dateline cut off. */
  rest: string;
}

interface Separator {
  index: number;
  length: number;
  spaced: boolean;
}

/** First ':' or dash that can end a dateline. An unspaced dash ("UK–Russia") only counts with an em dash. */
function findSeparator(head: string): Separator | null {
  for (let i = 1; i < head.length; i++) {
    const c = head[i];
    if (c === ':') return { index: i, length: 1, spaced: true };
    if (c === '-' || c === '\u2013' || c === '\u2014') {
      const spacedBefore = head[i - 1] === ' ';
      let end = i + 1;
      if (head[end] === '-') end++;
      const spacedAfter = head[end] === ' ';
      if (spacedBefore && spacedAfter) return { index: i - 1, length: end - i + 1, spaced: true };
      if (c === '\u2014') return { index: i, length: end - i, spaced: false };
    }
  }
  return null;
}

/**
 * The dateline opening a paragraph, if any. Not when what follows opens with a dateline too: a run of
 * dateline-shaped pieces ("A-:A-:A-:…") is not a dateline, and stripping one would leave the next for a second
 * pass, so normalizing its own output would change the text again.
 */
export function parseDateline(paragraph: string, referenceIso: string | null): DatelineMatch | null {
  const match = matchDateline(paragraph, referenceIso);
  return match && !matchDateline(match.rest, referenceIso) ? match : null;
}

function matchDateline(paragraph: string, referenceIso: string | null): DatelineMatch | null {
  let offset = 0;
  let date: CalendarDate | null = null;
  const iso = ISO_PREFIX.exec(paragraph);
  if (iso) {
    date = parseCalendarDate(iso[1]);
    offset = iso[0].length;
  }
  const head = paragraph.slice(offset, offset + MAX_DATELINE);
  const separator = findSeparator(head);
  if (!separator) return null;
  let lead = head.slice(0, separator.index).trim();
  const rest = paragraph.slice(offset + separator.index + separator.length).trim();
  if (!/^["'\u2018\u201C]?\p{Lu}/u.test(rest)) return null;

  const agencies: string[] = [];
  // A credit naming no agency we know ("(Wire)", a small outlet) still makes a dateline when the place is shouted
  // or a date is given; only then, so that "(Ukraine)" or an aside in ordinary prose is not mistaken for one.
  let unknownCredit = false;
  const paren = /\s?\(([^()]{1,40})\)$/.exec(lead);
  if (paren) {
    for (const part of paren[1].split(/\s*(?:\/|,|&|\band\b)\s*/)) {
      const code = agencyCode(part);
      if (code) {
        if (!agencies.includes(code)) agencies.push(code);
      } else if (CREDIT_NAME.test(part)) {
        unknownCredit = true;
      } else {
        return null;
      }
    }
    lead = lead.slice(0, paren.index).trim();
  }

  const parts = lead.split(', ');
  const placeParts: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const asDate = parseCalendarDate(/^\d{4}$/.test(parts[i + 1] ?? '') ? `${part} ${parts[i + 1]}` : part);
    if (asDate && date === null && placeParts.length > 0) {
      date = asDate;
      if (asDate.year !== null && /^\d{4}$/.test(parts[i + 1] ?? '')) i++;
      continue;
    }
    const placeWords = part.split(' ');
    if (placeWords.length > 4 || !placeWords.every((w) => PLACE_WORD.test(w))) return null;
    placeParts.push(part);
  }
  if (placeParts.length === 0 || placeParts.length > 2) return null;
  const place = placeParts.join(', ');
  if (NOT_PLACES.has(place.toUpperCase())) return null;

  const shoutedPlace = placeParts[0].split(' ').every((w) => ALL_CAPS_WORD.test(w));
  if (unknownCredit && date === null && !shoutedPlace) return null;
  const evidence = agencies.length > 0 || date !== null || (shoutedPlace && separator.spaced);
  if (!evidence) return null;

  const dated = date ? inferYear(date, referenceIso) : null;
  return {
    dateline: {
      place,
      date: dated ? formatCalendarDate(dated) : null,
      raw: paragraph.slice(0, offset + separator.index + separator.length).trim(),
    },
    agencies,
    rest,
  };
}
