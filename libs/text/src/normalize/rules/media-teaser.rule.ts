import { countWords, endsSentence } from '../shape';
import type { ParagraphRule } from './paragraph-rule';

// Leftovers of embedded media: "Sketch video on youtube", "WATCH: …", "Listen to the podcast here". A short label that
// names a medium *and* where to find it; a heading that merely mentions video ("Video games boom") has no locator.

const MEDIUM =
  /\b(?:video|videos|watch|clip|footage|podcast|listen|gallery|photos|pictures|livestream|live stream|broadcast)\b/i;
const LOCATOR = /\b(?:youtube|vimeo|twitter|facebook|instagram|tiktok|telegram|on|below|above|here|now)\b/i;
const LABEL_PREFIX = /^(?:watch|listen|video|photos|gallery|in pictures|live)\s?[:|\u2013\u2014-]/i;

export const mediaTeaserRule: ParagraphRule = {
  name: 'media-teaser',
  maxLength: 200,
  matches(p) {
    if (LABEL_PREFIX.test(p)) return true;
    // Cheapest test first: prose ends with a sentence, and that is decided from its last characters alone.
    return !endsSentence(p) && MEDIUM.test(p) && LOCATOR.test(p) && countWords(p, 12) <= 12;
  },
};
