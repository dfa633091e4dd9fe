import { achievedRate, pacing } from './poster';

describe('bench pipeline: pacing', () => {
  it('offers exactly the rate: one article per request at low rates, about five requests a second above', () => {
    for (const rate of [0.5, 2.5, 6.18, 12, 100, 1234]) {
      const { intervalMs, perTick } = pacing(rate);
      expect((perTick * 1000) / intervalMs).toBeCloseTo(rate, 6);
      expect(intervalMs).toBeGreaterThanOrEqual(100);
    }
    expect(pacing(2.5)).toEqual({ intervalMs: 400, perTick: 1 });
    expect(pacing(100).perTick).toBe(20);
  });
});

describe('bench pipeline: achieved rate', () => {
  it('counts every request but the last over first → last sent', () => {
    const at = (ms: number, n = 1) => Array.from({ length: n }, () => ({ postedAt: ms }));
    expect(achievedRate([...at(0, 2), ...at(400, 2), ...at(800, 2)])).toBe(5);
    // Requests sent late (the poster behind its schedule) lower it.
    expect(achievedRate([...at(0), ...at(200), ...at(600)])).toBe(3.33);
    expect(achievedRate(at(0, 5))).toBeNull();
  });
});
