import { foldForMatching } from '../fold';
import { countWords, isHeadingShaped } from '../shape';

// Title handling. Plain-text feeds often put the headline on the first line of the body; some also repeat a title
// they send separately. A headline-shaped first paragraph (short, no sentence-final period) is the title: it moves
// out of the body so that copies with and without an in-body headline hash alike.

export const TITLE_FROM_TEXT_RULE = 'title-from-text';
export const TITLE_REPEAT_RULE = 'title-repeat';

const MAX_TITLE_WORDS = 25;
const FALLBACK_MAX_CHARS = 160;

export function isHeadlineShaped(paragraph: string): boolean {
  return countWords(paragraph, 2) >= 2 && isHeadingShaped(paragraph, MAX_TITLE_WORDS);
}

/** Does the first paragraph repeat the given title? Only a headline-shaped paragraph can (keeps this idempotent). */
export function repeatsTitle(paragraph: string, title: string): boolean {
  return isHeadlineShaped(paragraph) && foldForMatching(paragraph) === foldForMatching(title);
}

/**
 * Last resort when nothing headline-shaped exists: the first sentence, cut at a word boundary. It stays in the text.
 * A sentence ends at . ! ? followed by a space and an upper-case letter ("Feb. 24" does not end one).
 */
export function firstSentenceTitle(paragraph: string): string {
  let end = paragraph.length;
  for (let i = 1; i < paragraph.length - 2 && i < 400; i++) {
    if ('.!?'.includes(paragraph[i]) && paragraph[i + 1] === ' ' && /\p{Lu}/u.test(paragraph[i + 2])) {
      const word = paragraph.slice(paragraph.lastIndexOf(' ', i) + 1, i);
      if (word.length > 3 || paragraph[i] !== '.') {
        end = i + 1;
        break;
      }
    }
  }
  const sentence = paragraph.slice(0, end);
  if (sentence.length <= FALLBACK_MAX_CHARS) return sentence;
  const cut = sentence.lastIndexOf(' ', FALLBACK_MAX_CHARS - 1);
  return `${sentence.slice(0, cut > 40 ? cut : FALLBACK_MAX_CHARS - 1).replace(/[\s,;:]+$/, '')}\u2026`;
}

/** Single-line display form of a title from any source. */
export function cleanTitle(title: string): string {
  return title.replace(/\s+/g, ' ').trim();
}
