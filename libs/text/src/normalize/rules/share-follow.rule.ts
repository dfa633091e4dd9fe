import { countWords, endsSentence } from '../shape';
import type { ParagraphRule } from './paragraph-rule';

// Share/follow lines: "Follow the coverage of … at" (its link stripped by the crawler), "Share this article",
// "Follow us on Twitter". The verb must open the line and the line must read as a link label (no sentence end) or
// name a social network, so "Share prices fell on Monday." stays.

const VERB = /^(?:follow|share|like|tweet|pin|e-?mail|print|bookmark|save)(?: |:|$)/i;
const NETWORK =
  /\b(?:twitter|facebook|instagram|telegram|whatsapp|youtube|tiktok|linkedin|threads|bluesky|mastodon|google news|rss)\b/i;

export const shareFollowRule: ParagraphRule = {
  name: 'share-follow',
  maxLength: 160,
  matches(p) {
    if (!VERB.test(p) || countWords(p, 15) > 15) return false;
    return !endsSentence(p) || NETWORK.test(p);
  },
};
