import { findAgencyCredits } from '../metadata/agencies';
import { countWords } from '../shape';
import type { ParagraphRule } from './paragraph-rule';

// Trailing agency credit lines: "-with AAP", "— Reuters", "- with AFP and dpa". The agencies are recorded in the
// metadata (the scan runs before removal), so the line itself is furniture. Staff contributor sentences
// ("… contributed to this report.") are article text and stay.

const DASH_LED = /^[-\u2013\u2014]/;

export const agencyCreditRule: ParagraphRule = {
  name: 'agency-credit',
  maxLength: 120,
  matches: (p) => DASH_LED.test(p) && countWords(p, 12) <= 12 && findAgencyCredits(p).length > 0,
};
