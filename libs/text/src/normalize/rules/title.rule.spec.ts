import { firstSentenceTitle, isHeadlineShaped, repeatsTitle } from './title.rule';

describe('title rule', () => {
  it('recognises headline-shaped lines', () => {
    expect(isHeadlineShaped('Storm closes mountain passes for a second day')).toBe(true);
    expect(isHeadlineShaped('Will the bridge open on time?')).toBe(false);
    expect(isHeadlineShaped('Snow fell overnight across the region.')).toBe(false);
    expect(isHeadlineShaped('Kyiv')).toBe(false);
  });

  it('detects a repeated title whatever its typography', () => {
    expect(repeatsTitle('Council \u201Capproves\u201D plan', 'Council "approves" plan')).toBe(true);
    expect(repeatsTitle('Council approves plan.', 'Council approves plan.')).toBe(false);
  });

  it('falls back to the first sentence, cut at a word boundary', () => {
    expect(firstSentenceTitle('The plan passed. It now goes to the mayor.')).toBe('The plan passed.');
    expect(firstSentenceTitle('Ahead of its Feb. 24 vote, the council met.')).toBe(
      'Ahead of its Feb. 24 vote, the council met.',
    );
    const long = firstSentenceTitle(`${'word '.repeat(60)}end.`);
    expect(long.length).toBeLessThanOrEqual(160);
    expect(long.endsWith('word\u2026')).toBe(true);
  });
});
