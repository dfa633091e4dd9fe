// Date parsing for the forms news text and page metadata actually use. Pure: "today" is never consulted; a missing
// year is inferred only from a reference date the caller has (receivedAt / published metadata).

import { PUBLICATION_YEARS } from '@storyline/contracts';

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;
// "Apr 07", "April 7, 2022", "Apr. 7 2022"
const MONTH_DAY = /^([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?$/;
// "7 April 2022", "07 Apr"
const DAY_MONTH = /^(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]{3,9})\.?(?:,? (\d{4}))?$/;

export interface CalendarDate {
  year: number | null;
  month: number;
  day: number;
}

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatCalendarDate(d: CalendarDate): string {
  return d.year === null ? `--${pad(d.month)}-${pad(d.day)}` : `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

/** "Apr 07", "7 April 2022", "2022-04-07" → calendar date (year may be unknown); anything else → null. */
export function parseCalendarDate(text: string): CalendarDate | null {
  const s = text.trim();
  let m = ISO_DATE.exec(s);
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validDay(year, month, day) ? { year, month, day } : null;
  }
  let monthName: string;
  let dayText: string;
  let yearText: string | undefined;
  if ((m = MONTH_DAY.exec(s))) [, monthName, dayText, yearText] = m;
  else if ((m = DAY_MONTH.exec(s))) [, dayText, monthName, yearText] = m;
  else return null;
  const month = MONTHS[monthName.toLowerCase()];
  const day = Number(dayText);
  const year = yearText ? Number(yearText) : null;
  // 2000 is a leap year: a year-less Feb 29 stays possible.
  if (!month || !validDay(year ?? 2000, month, day)) return null;
  return { year, month, day };
}

/**
 * How far before the reference a year-less date may fall and still be given the reference's year. A dateline
 * says "Apr 07" because the story is fresh: received months later (an archive, a re-crawl), the article is not
 * from this April, so the year stays unknown rather than invented.
 */
export const YEARLESS_DATE_MAX_AGE_DAYS = 31;

/**
 * Gives a year-less date the year that puts it closest before the reference (a dateline "Dec 31" on an article
 * received on Jan 2 belongs to the previous year). A date a few days after the reference is allowed (time zones).
 * Null year when the date would be older than YEARLESS_DATE_MAX_AGE_DAYS.
 */
export function inferYear(date: CalendarDate, referenceIso: string | null): CalendarDate {
  if (date.year !== null || !referenceIso) return date;
  const reference = Date.parse(referenceIso);
  if (Number.isNaN(reference)) return date;
  let year = new Date(reference).getUTCFullYear();
  if (Date.UTC(year, date.month - 1, date.day) > reference + 2 * 86_400_000) year--;
  if (!validDay(year, date.month, date.day)) return date;
  const ageDays = (reference - Date.UTC(year, date.month - 1, date.day)) / 86_400_000;
  return ageDays > YEARLESS_DATE_MAX_AGE_DAYS ? date : { ...date, year };
}

/**
 * Normalizes a metadata timestamp to ISO 8601: date-only values stay date-only ("2022-04-07"), values with a time
 * become UTC ("2022-04-07T10:00:00.000Z"). RFC 2822 ("Thu, 07 Apr 2022 10:00:00 GMT") is accepted. Else null.
 */
export function toIsoTimestamp(value: string | null | undefined): string | null {
  const iso = parseTimestamp(value);
  // A page's placeholder (0001-01-01, 9999-12-31) is no publication time: the years the ingest API accepts.
  const year = iso === null ? NaN : Number(iso.slice(0, 4));
  return year >= PUBLICATION_YEARS.from && year <= PUBLICATION_YEARS.to ? iso : null;
}

function parseTimestamp(value: string | null | undefined): string | null {
  const s = (value ?? '').trim();
  if (!s || s.length > 64) return null;
  if (ISO_DATE.test(s)) {
    const d = parseCalendarDate(s);
    return d ? formatCalendarDate(d) : null;
  }
  if (ISO_DATE_TIME.test(s)) {
    // Without an offset, Date.parse would use the machine's time zone; metadata without one is taken as UTC.
    const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(s) ? s : `${s}Z`;
    const t = Date.parse(zoned.replace(' ', 'T'));
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  }
  if (/^[A-Za-z]{3}, \d{1,2} [A-Za-z]{3} \d{4} \d{2}:\d{2}(?::\d{2})? (?:GMT|UT|UTC|Z|[+-]\d{4})$/.test(s)) {
    const t = Date.parse(s);
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  }
  const d = parseCalendarDate(s);
  return d && d.year !== null ? formatCalendarDate(d) : null;
}
