import { conllText, scoreText } from './ner-eval';

// Two sentences: "Tampa Bay beat New York ." and "Smith scored in Chicago ."
const doc = [
  {
    words: ['Tampa', 'Bay', 'beat', 'New', 'York', '.'],
    tags: ['B-ORG', 'I-ORG', 'O', 'B-ORG', 'I-ORG', 'O'],
  },
  { words: ['Smith', 'scored', 'in', 'Chicago', '.'], tags: ['B-PER', 'O', 'O', 'B-LOC', 'O'] },
];

describe('scoreText', () => {
  it('rebuilds the text with gold character spans', () => {
    const { text, gold } = conllText(doc);
    expect(gold.map((g) => [text.slice(g.start, g.end), g.type])).toEqual([
      ['Tampa Bay', 'ORG'],
      ['New York', 'ORG'],
      ['Smith', 'PER'],
      ['Chicago', 'LOC'],
    ]);
  });

  it('scores exact spans and sorts the differences into classes', () => {
    const { text } = conllText(doc);
    const at = (surface: string, type: string) => {
      const start = text.indexOf(surface);
      return { start, end: start + surface.length, type };
    };
    const scores = scoreText([doc], () => [
      at('Tampa', 'ORGANIZATION'),
      at('New York', 'LOCATION'),
      at('Chicago', 'LOCATION'),
      at('scored', 'PERSON'),
    ]);
    expect(scores.micro).toMatchObject({ correct: 1, predicted: 4, gold: 4 });
    expect(scores.perType.LOC).toMatchObject({ correct: 1, predicted: 2, gold: 1 });
    expect(Object.fromEntries(scores.classes.map((c) => [c.kind, c.count]))).toEqual({
      'ORG→LOC': 1,
      'cut short': 1,
      missed: 1,
      spurious: 1,
    });
    expect(scores.topErrors.map((e) => e.error)).toContain('cut short: "Tampa Bay" ORG → "Tampa" ORG');
  });
});
