import { fitLogistic } from './logistic';
import { seededRandom } from './random';

describe('fitLogistic', () => {
  it('recovers the weights that generated the labels', () => {
    const random = seededRandom(7);
    const features: number[][] = [];
    const labels: boolean[] = [];
    for (let i = 0; i < 20_000; i++) {
      const a = random() * 2 - 1;
      const b = random() * 2 - 1;
      features.push([a, b]);
      labels.push(random() < 1 / (1 + Math.exp(-(0.5 + 3 * a - 2 * b))));
    }
    const fit = fitLogistic(features, labels, 0);
    expect(fit.bias).toBeCloseTo(0.5, 1);
    expect(fit.weights[0]).toBeCloseTo(3, 0);
    expect(fit.weights[1]).toBeCloseTo(-2, 0);
    expect(fit.iterations).toBeLessThan(20);
  });

  it('stays finite on separable data, held by the penalty', () => {
    const fit = fitLogistic([[0], [0.1], [0.9], [1]], [false, false, true, true], 1e-2);
    expect(Number.isFinite(fit.bias) && Number.isFinite(fit.weights[0])).toBe(true);
    expect(fit.bias + fit.weights[0] * 0.9).toBeGreaterThan(0);
    expect(fit.bias + fit.weights[0] * 0.1).toBeLessThan(0);
  });
});
