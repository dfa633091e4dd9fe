import { evaluateClustering, evaluateLinks } from './metrics';

const map = (entries: Record<string, string>): Map<string, string> => new Map(Object.entries(entries));

describe('evaluateClustering', () => {
  it('scores a perfect clustering 1 whatever the labels are called', () => {
    const result = evaluateClustering(map({ a: 'x', b: 'x', c: 'y' }), map({ a: '1', b: '1', c: '2' }));
    expect(result.bcubed).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(result.pairwise).toEqual({ precision: 1, recall: 1, f1: 1 });
  });

  it('computes B-cubed and pairwise scores of a split cluster', () => {
    // gold {a,b,c,d}; predicted {a,b} {c,d}: every predicted cluster is pure, each item sees half its gold cluster.
    const result = evaluateClustering(map({ a: 'p', b: 'p', c: 'q', d: 'q' }), map({ a: 'g', b: 'g', c: 'g', d: 'g' }));
    expect(result.bcubed.precision).toBe(1);
    expect(result.bcubed.recall).toBe(0.5);
    expect(result.pairwise.precision).toBe(1);
    expect(result.pairwise.recall).toBeCloseTo(2 / 6);
    expect(result.predictedClusters).toBe(2);
    expect(result.goldClusters).toBe(1);
  });

  it('computes B-cubed precision of a merged cluster', () => {
    // gold {a,b} {c}; predicted {a,b,c}: a and b see 2/3 of their cluster correct, c sees 1/3.
    const result = evaluateClustering(map({ a: 'p', b: 'p', c: 'p' }), map({ a: 'g', b: 'g', c: 'h' }));
    expect(result.bcubed.precision).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 3) / 3);
    expect(result.bcubed.recall).toBe(1);
  });
});

describe('evaluateLinks', () => {
  it('treats links as unordered pairs', () => {
    const result = evaluateLinks(
      [
        ['b', 'a'],
        ['c', 'd'],
      ],
      [
        ['a', 'b'],
        ['e', 'f'],
      ],
    );
    expect(result).toMatchObject({ precision: 0.5, recall: 0.5, truePositives: 1 });
  });
});
