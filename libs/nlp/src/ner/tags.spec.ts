import { scoreSpans } from './evaluate';
import { tagSpans, TAGS, transitionAllowed } from './tags';
import { viterbi } from './viterbi';

describe('tagSpans', () => {
  it('reads BIO spans like conlleval', () => {
    expect(tagSpans(['B-PER', 'I-PER', 'O', 'B-LOC', 'B-LOC', 'I-ORG', 'I-ORG'])).toEqual([
      { start: 0, end: 2, type: 'PER' },
      { start: 3, end: 4, type: 'LOC' },
      { start: 4, end: 5, type: 'LOC' },
      { start: 5, end: 7, type: 'ORG' },
    ]);
  });
});

describe('viterbi', () => {
  it('never produces I-X without B-X/I-X before it', () => {
    const T = TAGS.length;
    const emissions = new Float64Array(2 * T);
    emissions[TAGS.indexOf('I-PER')] = 10;
    emissions[T + TAGS.indexOf('I-PER')] = 10;
    const path = viterbi(2, emissions, new Float64Array((T + 1) * T)).map((t) => TAGS[t]);
    expect(transitionAllowed(undefined, path[0])).toBe(true);
    expect(transitionAllowed(path[0], path[1])).toBe(true);
  });
});

describe('scoreSpans', () => {
  it('scores exact PER/LOC/ORG spans and ignores MISC', () => {
    const scores = scoreSpans([
      { gold: ['B-PER', 'I-PER', 'O', 'B-LOC', 'B-MISC'], predicted: ['B-PER', 'O', 'O', 'B-LOC', 'O'] },
    ]);
    expect(scores.micro).toMatchObject({ gold: 2, predicted: 2, correct: 1, f1: 0.5 });
    expect(scores.perType.LOC.f1).toBe(1);
    expect(scores.perType.PER.f1).toBe(0);
  });
});
