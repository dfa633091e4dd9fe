import type { ReportBuilder } from './report';
import { BROKEN_LINE_RULE, isBrokenContinuation } from './rules/broken-line.rule';
import { HARD_WRAP_RULE, isWrappedContinuation, profileWrapping } from './rules/hard-wrap.rule';

/**
 * Turns cleaned text (one line per '\n', blank lines between blocks) into paragraphs: lines are re-flowed when the
 * document is hard-wrapped or a line is visibly broken, and kept apart otherwise (one paragraph per line is the
 * normal case for feeds that drop blank lines).
 */
export function toParagraphs(text: string, report: ReportBuilder): string[] {
  const blocks: string[][] = [];
  let current: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') {
      if (current.length) blocks.push(current);
      current = [];
    } else current.push(line);
  }
  if (current.length) blocks.push(current);

  const { width } = profileWrapping(blocks);
  const paragraphs: string[] = [];
  for (const block of blocks) {
    let paragraph = block[0];
    for (let i = 1; i < block.length; i++) {
      const previous = block[i - 1];
      const line = block[i];
      if (width !== null && isWrappedContinuation(previous, line, width)) {
        paragraph = join(paragraph, line);
        report.count(HARD_WRAP_RULE);
      } else if (isBrokenContinuation(previous, line)) {
        paragraph = join(paragraph, line);
        report.count(BROKEN_LINE_RULE);
      } else {
        paragraphs.push(paragraph);
        paragraph = line;
      }
    }
    paragraphs.push(paragraph);
  }
  return paragraphs;
}

/**
 * "well-" + "known" → "well-known": a line ending in a hyphen after a letter was split inside a compound. Only the
 * last two characters are tested: the paragraph grows with every join, and re-scanning it would be quadratic.
 */
function join(left: string, right: string): string {
  return /^\p{L}-$/u.test(left.slice(-2)) ? left + right : `${left} ${right}`;
}
