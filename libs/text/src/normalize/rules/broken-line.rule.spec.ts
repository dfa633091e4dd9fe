import { isBrokenContinuation } from './broken-line.rule';

describe('broken-line rule', () => {
  it('joins a line without end punctuation to a lower-case continuation', () => {
    expect(isBrokenContinuation('Russian forces used civilians', 'as human shields')).toBe(true);
  });

  it('keeps lines apart after end punctuation, before a capital or before a list item', () => {
    expect(isBrokenContinuation('The vote passed.', 'and then the hall emptied')).toBe(false);
    expect(isBrokenContinuation('Next steps', 'The plan goes to consultation.')).toBe(false);
    expect(isBrokenContinuation('Priorities', 'a) faster repairs')).toBe(false);
  });
});
