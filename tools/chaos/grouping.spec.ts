import { compareGroupings } from './grouping';

const map = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('chaos: grouping comparison', () => {
  const gold = map({ a: 'g1', b: 'g1', c: 'g2', d: 'g2' });

  it('scores both runs against gold and the chaos run against the calm one', () => {
    const calm = { grouping: map({ a: 's1', b: 's1', c: 's2', d: 's2' }), links: [['b', 'a']] as [string, string][] };
    const chaos = { grouping: map({ a: 'x', b: 'x', c: 'y', d: 'z' }), links: [['b', 'a']] as [string, string][] };
    const result = compareGroupings(chaos, calm, gold);
    expect(result.calmVsGold?.f1).toBe(1);
    expect(result.chaosVsGold.precision).toBe(1);
    expect(result.chaosVsGold.recall).toBe(0.75);
    expect(result.chaosVsCalm?.f1).toBe(result.chaosVsGold.f1);
    expect(result.goldF1Difference).toBeCloseTo(1 - result.chaosVsGold.f1, 4);
    expect(result.linksVsCalm).toMatchObject({ precision: 1, recall: 1, chaos: 1, calm: 1 });
  });

  it('scores only articles grouped in both (a failed article has no story)', () => {
    const result = compareGroupings({ grouping: map({ a: 's', b: 's', c: 't' }), links: [] }, null, gold);
    expect(result.chaosVsGold).toMatchObject({ items: 3, f1: 1, predictedStories: 2, referenceStories: 2 });
    expect(result.chaosVsCalm).toBeNull();
    expect(result.goldF1Difference).toBeNull();
  });
});
