import { parseCalendarDate, type CalendarDate } from '../metadata/dates';
import type { ParagraphRule } from './paragraph-rule';

// Timestamp lines: "Published: 7 April 2022", "Updated April 7, 2022 10:31 GMT", and bare ones left by page
// templates ("May 3, 2013 | 8:20 am", "Fri., May. 3, 2013 11:45 AM PDT", "05/02/2013"). A line is a timestamp when
// every token is a date/time word, number, zone or label; it is removed, and the pipeline reads the publication
// date from it (provenance 'text'). Checked only on short lines.

const MAX_LENGTH = 80;
const MONTHS = new Set([
  'jan',
  'january',
  'feb',
  'february',
  'mar',
  'march',
  'apr',
  'april',
  'may',
  'jun',
  'june',
  'jul',
  'july',
  'aug',
  'august',
  'sep',
  'sept',
  'september',
  'oct',
  'october',
  'nov',
  'november',
  'dec',
  'december',
]);
const OTHER_WORDS = new Set([
  ...['mon', 'monday', 'tue', 'tues', 'tuesday', 'wed', 'wednesday', 'thu', 'thur', 'thurs', 'thursday'],
  ...['fri', 'friday', 'sat', 'saturday', 'sun', 'sunday', 'am', 'pm', 'a', 'p', 'm', 'hrs'],
  ...['utc', 'gmt', 'z', 'uk', 'bst', 'cet', 'cest', 'et', 'est', 'edt', 'ct', 'cst', 'cdt', 'mt', 'mst', 'mdt'],
  ...['pt', 'pst', 'pdt', 'aest', 'aedt', 'ist', 'jst', 'kst', 'hkt', 'sgt', 'msk', 'eat', 'cat', 'wat', 'sast'],
  ...['nzst', 'nzdt', 'at', 'on', 'published', 'posted', 'updated', 'first', 'last', 'modified', 'originally'],
  'date',
]);
const TOKEN_SEPARATORS = /[\s,|@/.:;()+\u2013\u2014-]+/;
const NUMBER = /^\d{1,4}(?:st|nd|rd|th|am|pm|h)?$/;

export function isTimestampLine(line: string): boolean {
  if (line.length > MAX_LENGTH || !/\d/.test(line)) return false;
  const tokens = line.toLowerCase().split(TOKEN_SEPARATORS).filter(Boolean);
  return tokens.length > 0 && tokens.every((t) => NUMBER.test(t) || MONTHS.has(t) || OTHER_WORDS.has(t));
}

const MONTH_FIRST = /\b([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b/;
const DAY_FIRST = /\b(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]{3,9})\.?,? (\d{4})\b/;
const ISO = /\b\d{4}-\d{2}-\d{2}\b/;

/** The calendar date of a timestamp line, when it names one unambiguously (numeric "05/02/2013" does not). */
export function timestampDate(line: string): CalendarDate | null {
  if (!isTimestampLine(line)) return null;
  const iso = ISO.exec(line);
  if (iso) return parseCalendarDate(iso[0]);
  const m = MONTH_FIRST.exec(line);
  if (m) return parseCalendarDate(`${m[1]} ${m[2]}, ${m[3]}`);
  const d = DAY_FIRST.exec(line);
  return d ? parseCalendarDate(`${d[1]} ${d[2]} ${d[3]}`) : null;
}

export const timestampRule: ParagraphRule = {
  name: 'timestamp',
  maxLength: MAX_LENGTH,
  matches: isTimestampLine,
};

/** True when the line states when the article was first published (not when it was last updated). */
export function isPublicationTimestamp(line: string): boolean {
  return !/^(?:last )?(?:updated|modified)/i.test(line);
}
