import { pacing } from './poster';

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
