import { aliasTarget } from './aliases';
import { DEFAULT_GAZETTEER } from './gazetteer';

describe('Gazetteer', () => {
  it('matches the longest multi-word entry per category on lower-cased tokens', () => {
    const words = 'the united states of america and new york'.split(' ');
    const matches = DEFAULT_GAZETTEER.match(words).filter((m) => m.category === 'LOC');
    expect(matches).toEqual(
      expect.arrayContaining([
        { start: 1, end: 5, category: 'LOC' },
        { start: 6, end: 8, category: 'LOC' },
      ]),
    );
  });

  it('matches hyphenated entries whole (CoNLL tokens) and split (run-time tokens)', () => {
    expect(DEFAULT_GAZETTEER.match(['guinea-bissau'])).toContainEqual({ start: 0, end: 1, category: 'LOC' });
    expect(DEFAULT_GAZETTEER.match(['guinea', '-', 'bissau'])).toContainEqual({ start: 0, end: 3, category: 'LOC' });
  });

  it('answers single-word category lookups case-insensitively', () => {
    expect(DEFAULT_GAZETTEER.has('Kyiv', 'LOC')).toBe(true);
    expect(DEFAULT_GAZETTEER.has('President', 'TITLE')).toBe(true);
    expect(DEFAULT_GAZETTEER.has('Thursday', 'CAL')).toBe(true);
    expect(DEFAULT_GAZETTEER.has('Kuleba', 'LOC')).toBe(false);
  });
});

describe('aliasTarget', () => {
  it('maps well-known short forms to the long form, case-sensitively', () => {
    expect(aliasTarget('EU')).toBe('European Union');
    expect(aliasTarget('U.S.')).toBe('United States');
    expect(aliasTarget('us')).toBeUndefined();
    expect(aliasTarget('Kyiv')).toBeUndefined();
  });
});
