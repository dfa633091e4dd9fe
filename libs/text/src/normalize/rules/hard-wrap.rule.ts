import { endsWithTerminal, firstWord, isListItem, startsUppercaseOrQuote } from '../shape';

// Text copied out of PDFs, e-mail and fixed-width feeds arrives with a line break every ~70–100 characters. Such a
// document is recognised by its line-length distribution: the lines that are followed by another line (i.e. not the
// last line of a block) cluster just below one width. Ordinary "one paragraph per line" text has widely spread lengths.

export const HARD_WRAP_RULE = 'hard-wrap';

export interface WrapProfile {
  /** Estimated wrap width in characters, or null when the document is not hard-wrapped. */
  width: number | null;
}

const MIN_WRAPPED_LINES = 3;
const MIN_WIDTH = 30;
/** Share of inner lines that must lie within [0.75·width, 1.1·width] for the document to count as wrapped. */
const CLUSTER_SHARE = 0.7;

/**
 * Share of inner lines that must end mid-sentence. Wrapping breaks lines wherever the width runs out, so most end
 * without punctuation; a feed with one paragraph per line ends nearly every line with a period, however uniform its
 * line lengths happen to be.
 */
const MID_SENTENCE_SHARE = 0.5;

/**
 * Share of inner lines that may end with room for the next line's first word (paragraph ends inside a block): a few
 * lines of one paragraph per line whose lengths happen to cluster (a lead, a caption and a newsletter prompt, each
 * repeated) are not wrapped, and joining them glued the lead to a caption that was then dropped whole.
 */
const MAX_ROOMY_SHARE = 0.4;

export function profileWrapping(blocks: string[][]): WrapProfile {
  const inner: number[] = [];
  let midSentence = 0;
  for (const block of blocks) {
    for (let i = 0; i < block.length - 1; i++) {
      inner.push(block[i].length);
      if (!endsWithTerminal(block[i])) midSentence++;
    }
  }
  if (inner.length < MIN_WRAPPED_LINES || midSentence < inner.length * MID_SENTENCE_SHARE) return { width: null };
  inner.sort((a, b) => a - b);
  // 90th percentile rather than max: one over-long line (a URL) must not stretch the estimate.
  const width = inner[Math.min(inner.length - 1, Math.floor(inner.length * 0.9))];
  if (width < MIN_WIDTH) return { width: null };
  const clustered = inner.filter((n) => n >= width * 0.75 && n <= width * 1.1).length;
  if (clustered / inner.length < CLUSTER_SHARE) return { width: null };
  // A wrapper breaks a line only when the next word does not fit: lines that had room for it were ended on purpose.
  let roomy = 0;
  for (const block of blocks) {
    for (let i = 0; i < block.length - 1; i++)
      if (block[i].length + 1 + firstWord(block[i + 1]).length <= width) roomy++;
  }
  return { width: roomy / inner.length <= MAX_ROOMY_SHARE ? width : null };
}

/**
 * In a wrapped document, should `line` be joined with the `next` line of the same block? A line that stops well
 * short of the width although the next word would have fitted was broken on purpose (end of paragraph, heading).
 */
export function isWrappedContinuation(line: string, next: string, width: number): boolean {
  if (isListItem(next)) return false;
  const roomLeft = line.length + 1 + firstWord(next).length < width * 0.8;
  if (roomLeft && (endsWithTerminal(line) || startsUppercaseOrQuote(next))) return false;
  return true;
}
