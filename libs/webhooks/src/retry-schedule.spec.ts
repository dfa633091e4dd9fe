import {
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_RETRY_SCHEDULE,
  maxAttempts,
  nextAttemptDelay,
  parseRetryAfter,
  parseRetrySchedule,
} from './retry-schedule';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;
const noJitter = { jitter: 0 };

describe('parseRetrySchedule', () => {
  it("parses Svix's schedule", () => {
    expect(parseRetrySchedule(DEFAULT_RETRY_SCHEDULE)).toEqual([0, 5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 10 * H]);
  });

  it('accepts spaces and millisecond schedules for tests', () => {
    expect(parseRetrySchedule('0, 100ms, 200ms')).toEqual([0, 100, 200]);
  });

  it.each(['', '0,,5s', '0,5x', '0,-1s', ','])('rejects %p', (s) => {
    expect(() => parseRetrySchedule(s)).toThrow();
  });
});

describe('nextAttemptDelay', () => {
  it('walks the schedule and returns null when exhausted', () => {
    const delays = Array.from({ length: 9 }, (_, i) => nextAttemptDelay(i + 1, DEFAULT_RETRY_SCHEDULE, noJitter));
    expect(delays).toEqual([5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 10 * H, null, null]);
    expect(maxAttempts(DEFAULT_RETRY_SCHEDULE)).toBe(8);
  });

  it('accepts a pre-parsed schedule', () => {
    expect(nextAttemptDelay(1, [0, 10, 20], noJitter)).toBe(10);
    expect(nextAttemptDelay(3, [0, 10, 20], noJitter)).toBeNull();
  });

  it('applies symmetric jitter within bounds', () => {
    expect(nextAttemptDelay(2, DEFAULT_RETRY_SCHEDULE, { jitter: 0.2, random: () => 0 })).toBe(4 * M);
    expect(nextAttemptDelay(2, DEFAULT_RETRY_SCHEDULE, { jitter: 0.2, random: () => 0.5 })).toBe(5 * M);
    expect(nextAttemptDelay(2, DEFAULT_RETRY_SCHEDULE, { jitter: 0.2, random: () => 0.999999 })).toBeCloseTo(6 * M, -1);
    for (let i = 0; i < 200; i++) {
      const d = nextAttemptDelay(2, DEFAULT_RETRY_SCHEDULE, { jitter: 0.2 })!;
      expect(d).toBeGreaterThanOrEqual(4 * M);
      expect(d).toBeLessThanOrEqual(6 * M);
    }
  });

  it('uses jitter by default', () => {
    const seen = new Set(Array.from({ length: 20 }, () => nextAttemptDelay(4, DEFAULT_RETRY_SCHEDULE)));
    expect(seen.size).toBeGreaterThan(1);
  });

  it('honours a Retry-After longer than the schedule', () => {
    expect(nextAttemptDelay(1, DEFAULT_RETRY_SCHEDULE, { ...noJitter, retryAfterMs: 120 * S })).toBe(120 * S);
  });

  it('keeps the schedule when Retry-After is shorter', () => {
    expect(nextAttemptDelay(2, DEFAULT_RETRY_SCHEDULE, { ...noJitter, retryAfterMs: 10 * S })).toBe(5 * M);
  });

  it('caps an excessive Retry-After', () => {
    expect(nextAttemptDelay(1, DEFAULT_RETRY_SCHEDULE, { ...noJitter, retryAfterMs: 30 * 24 * H })).toBe(
      DEFAULT_MAX_RETRY_AFTER_MS,
    );
    expect(nextAttemptDelay(1, [0, 100], { ...noJitter, retryAfterMs: 10 * S, maxRetryAfterMs: 1 * S })).toBe(S);
  });

  it('Retry-After does not extend an exhausted schedule', () => {
    expect(nextAttemptDelay(8, DEFAULT_RETRY_SCHEDULE, { retryAfterMs: 5 * S })).toBeNull();
  });

  it.each([0, -1, 1.5, NaN])('rejects attemptNumber %p', (n) => {
    expect(() => nextAttemptDelay(n)).toThrow(RangeError);
  });

  it('rejects jitter out of range', () => {
    expect(() => nextAttemptDelay(1, DEFAULT_RETRY_SCHEDULE, { jitter: 1.5 })).toThrow(RangeError);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-21T05:00:00Z');

  it('parses delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter(['30', '60'], now)).toBe(30_000);
  });

  it('parses an HTTP-date', () => {
    expect(parseRetryAfter('Sat, 21 Nov 2026 05:01:30 GMT', now)).toBe(90_000);
  });

  it('clamps a past date to 0', () => {
    expect(parseRetryAfter('Sat, 21 Nov 2026 04:00:00 GMT', now)).toBe(0);
  });

  it.each([undefined, '', '-5', '1.5', 'soon', '12abc', 'Tomorrow 5pm'])('ignores %p', (v) => {
    expect(parseRetryAfter(v, now)).toBeNull();
  });
});
