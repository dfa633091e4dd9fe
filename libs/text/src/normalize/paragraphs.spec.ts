import { toParagraphs } from './paragraphs';
import { ReportBuilder } from './report';

const run = (text: string) => {
  const report = new ReportBuilder();
  return { paragraphs: toParagraphs(text, report), rules: report.build().rules };
};

// A generic wrapped document (invented text): lines cut near 60 characters, paragraphs separated by blank lines.
const WRAPPED = [
  'The council met on Monday evening to discuss the plan for the',
  'new library, which has been delayed twice since the spring and',
  'is now expected to open in the autumn of next year.',
  '',
  'Residents who spoke at the meeting asked for longer opening',
  'hours at weekends and for a reading room for students who have',
  'nowhere quiet to work.',
  '',
  'Next steps',
  '',
  'The plan goes to a public consultation that runs until the end',
  'of the month.',
].join('\n');

describe('toParagraphs (hard-wrap and broken-line rules)', () => {
  it('re-flows a hard-wrapped document into its paragraphs, keeping the heading apart', () => {
    const { paragraphs, rules } = run(WRAPPED);
    expect(paragraphs).toHaveLength(4);
    expect(paragraphs[0]).toMatch(/^The council met .* plan for the new library, .* next year\.$/);
    expect(paragraphs[2]).toBe('Next steps');
    expect(rules).toContainEqual({ name: 'hard-wrap', count: 5 });
  });

  it('keeps one-paragraph-per-line text as it is', () => {
    const text = [
      'The first paragraph is a complete sentence that ends with a period and stands on its own line.',
      'A second one follows directly, without a blank line, as many feeds send them.',
      'A third, much shorter.',
    ].join('\n');
    expect(run(text).paragraphs).toHaveLength(3);
  });

  it('rejoins a headline broken before a lower-case continuation', () => {
    const text = 'Storm closes mountain\npasses for a second day\nSnow fell overnight across the region.';
    const { paragraphs, rules } = run(text);
    expect(paragraphs).toEqual([
      'Storm closes mountain passes for a second day',
      'Snow fell overnight across the region.',
    ]);
    expect(rules).toEqual([{ name: 'broken-line', count: 1 }]);
  });

  it('keeps list items on their own lines in wrapped text', () => {
    const text = [
      'The committee listed three priorities for the coming year in',
      'its report, which was published on Thursday morning:',
      '- faster repairs',
      '- more staff',
    ].join('\n');
    const { paragraphs } = run(text + '\n\n' + WRAPPED);
    expect(paragraphs.slice(1, 3)).toEqual(['- faster repairs', '- more staff']);
  });

  it('joins a hyphen-split compound without a space', () => {
    const text = 'A well-\nknown author spoke.';
    expect(run(text).paragraphs).toEqual(['A well-known author spoke.']);
  });
});

describe('wrap detection', () => {
  it('does not re-flow one-sentence-per-line text whose lines happen to be of similar length', () => {
    const text = [
      'The council met on Monday to discuss the new library plan.',
      'Residents asked for longer opening hours at the weekend.',
      'The mayor said the budget would be published next month.',
      'A vote on the proposal is expected before the summer.',
    ].join('\n');
    expect(run(text).paragraphs).toHaveLength(4);
  });
});
