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
    // Pieces are collected and joined once per paragraph: growing one string line by line and then inspecting it
    // makes V8 flatten the whole string on every step, which is quadratic in the paragraph length.
    let pieces = [block[0]];
    for (let i = 1; i < block.length; i++) {
      const previous = block[i - 1];
      const line = block[i];
      if (width !== null && isWrappedContinuation(previous, line, width)) {
        pieces.push(separator(previous), line);
        report.count(HARD_WRAP_RULE);
      } else if (isBrokenContinuation(previous, line)) {
        pieces.push(separator(previous), line);
        report.count(BROKEN_LINE_RULE);
      } else {
        paragraphs.push(pieces.join(''));
        pieces = [line];
      }
    }
    paragraphs.push(pieces.join(''));
  }
  return paragraphs;
}

/** "well-" + "known" → "well-known": a line ending in a hyphen after a letter was split inside a compound. */
function separator(previousLine: string): string {
  return /^\p{L}-$/u.test(previousLine.slice(-2)) ? '' : ' ';
}
