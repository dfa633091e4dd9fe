import { seededRandom } from '../eval/random';
import { DISRUPTION_WEIGHTS, DisruptionKind, planDisruption } from './disruption-plan';

describe('chaos: disruption plan', () => {
  const random = seededRandom(7);
  const plans = Array.from({ length: 5000 }, () => planDisruption(random, 10_000, ['normalize', 'dedupe']));

  it('draws each kind in proportion to its weight, 0.5–1.5 × the mean apart', () => {
    const total = Object.values(DISRUPTION_WEIGHTS).reduce((a, b) => a + b, 0);
    for (const kind of Object.keys(DISRUPTION_WEIGHTS) as DisruptionKind[]) {
      const share = plans.filter((p) => p.kind === kind).length / plans.length;
      expect(Math.abs(share - DISRUPTION_WEIGHTS[kind] / total)).toBeLessThan(0.03);
    }
    expect(Math.min(...plans.map((p) => p.afterMs))).toBeGreaterThanOrEqual(5000);
    expect(Math.max(...plans.map((p) => p.afterMs))).toBeLessThanOrEqual(15_000);
  });

  it('names a worker to signal, how long Redis stays down and how the receiver fails', () => {
    for (const p of plans) {
      if (p.kind === 'worker-sigkill' || p.kind === 'worker-sigterm')
        expect(['normalize', 'dedupe']).toContain(p.worker);
      if (p.kind === 'redis-restart') expect(p.forMs).toBeGreaterThanOrEqual(1000);
      if (p.kind === 'receiver-failure') {
        expect(p.forMs).toBeGreaterThanOrEqual(5000);
        expect(['status-500', 'connection-reset']).toContain(p.failure);
      }
    }
  });

  it('is the same sequence for the same seed', () => {
    const again = seededRandom(7);
    expect(Array.from({ length: 50 }, () => planDisruption(again, 10_000, ['normalize', 'dedupe']))).toEqual(
      plans.slice(0, 50),
    );
  });
});
