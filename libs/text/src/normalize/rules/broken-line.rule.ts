import { endsWithTerminal, isListItem, startsLowercase } from '../shape';

// A single stray line break inside a sentence, typically a headline broken in two by a narrow layout:
// "Russian forces used civilians" / "as human shields". A new paragraph never starts in lower case, so a line that
// does, after a line without end punctuation, continues it. Works in documents that are not hard-wrapped at all.

export const BROKEN_LINE_RULE = 'broken-line';

export function isBrokenContinuation(line: string, next: string): boolean {
  return !endsWithTerminal(line) && startsLowercase(next) && !isListItem(next);
}
