import type { ParagraphRule } from './paragraph-rule';

// Labels of page widgets that survive text extraction: "Advertisement", "Read more", "Skip to content", bare URLs,
// rows of social-network names. Whole-line matches only.

const LABEL =
  /^(?:advertisement|advert|sponsored(?: content)?|story continues below(?: advertisement)?|read more(?: here)?|read next|related(?: articles| stories| content| news| coverage)?|more on this story|more from [\p{L} ]{1,40}|top stories|most (?:read|popular|viewed)|recommended(?: for you)?|skip to (?:main )?content|back to top|click here|tap here|continue reading|show more|load more|image caption|media caption|image source|getty images|image copyright)\W*$/iu;
const BARE_URL = /^(?:https?:\/\/|www\.)\S+$/i;
const SHARE_TARGETS = new Set([
  'facebook',
  'twitter',
  'x',
  'whatsapp',
  'email',
  'e-mail',
  'linkedin',
  'reddit',
  'telegram',
  'pinterest',
  'messenger',
  'copy',
  'link',
  'print',
  'share',
]);

const TOKEN = /[\p{L}-]+/gu;

/**
 * "Facebook Twitter WhatsApp Email": a row of share buttons, every token (run of letters and hyphens) a share target.
 * Tokens are read one at a time so that ordinary text is rejected at its first word, without building a token array.
 */
function isShareButtonRow(p: string): boolean {
  const lower = p.toLowerCase();
  let tokens = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(lower); m !== null; m = TOKEN.exec(lower)) {
    if (!SHARE_TARGETS.has(m[0])) return false;
    tokens++;
  }
  return tokens >= 2;
}

export const pageFurnitureRule: ParagraphRule = {
  name: 'page-furniture',
  maxLength: 100,
  matches: (p) => LABEL.test(p) || BARE_URL.test(p) || isShareButtonRow(p),
};
