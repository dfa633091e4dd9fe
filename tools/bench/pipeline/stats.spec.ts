import { distribution, percentile } from './stats';

describe('bench pipeline: percentiles', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('takes the nearest rank', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([1, 2, 3], 0)).toBe(1);
  });

  it('sorts a copy and summarizes', () => {
    const values = [...hundred].reverse();
    expect(distribution(values)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100, mean: 50.5 });
    expect(values[0]).toBe(100);
  });

  it('has no distribution for no values', () => {
    expect(distribution([])).toBeNull();
    expect(() => percentile([], 50)).toThrow();
  });
});
