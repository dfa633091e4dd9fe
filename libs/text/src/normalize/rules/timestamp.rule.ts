import { parseCalendarDate } from '../metadata/dates';
import { countWords } from '../shape';
import type { ParagraphRule } from './paragraph-rule';

// "Published: 7 April 2022", "Updated April 7, 2022 10:31 GMT": page furniture that carries the publication date.
// The line is removed; the pipeline reads the date from it (provenance 'text').

const LABEL = /^(?:first published|published|posted|last updated|updated|last modified)(?: on| at)?:? /i;

/** The date in a timestamp line, as text ("7 April 2022"), or null when the line is not a timestamp. */
export function timestampDate(line: string): string | null {
  const label = LABEL.exec(line);
  if (!label) return null;
  // Drop a trailing time and zone ("10:31 GMT", "- 10.31am") so only the calendar part is parsed.
  const datePart = line
    .slice(label[0].length)
    .replace(/,? (?:at )?\d{1,2}[:.]\d{2}.*$/, '')
    .replace(/,? [-\u2013\u2014|] .*$/, '')
    .replace(/^[A-Za-z]{3,9}day,? /, '');
  const date = parseCalendarDate(datePart);
  return date ? datePart : null;
}

export const timestampRule: ParagraphRule = {
  name: 'timestamp',
  maxLength: 100,
  matches: (p) => countWords(p) <= 12 && timestampDate(p) !== null,
};

/** True when the line states when the article was first published (not when it was last updated). */
export function isPublicationTimestamp(line: string): boolean {
  return !/^(?:last )?(?:updated|modified)/i.test(line);
}
