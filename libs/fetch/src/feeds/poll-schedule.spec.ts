import { firstPollDelay, MAX_BACKOFF_MS, nextPollDelay } from './poll-schedule';

const MINUTE = 60_000;

describe('poll schedule', () => {
  it('spreads first polls over the first minute', () => {
    expect(firstPollDelay(15 * MINUTE, () => 0)).toBe(0);
    expect(firstPollDelay(15 * MINUTE, () => 0.999)).toBeLessThan(MINUTE);
    expect(firstPollDelay(MINUTE / 2, () => 0.999)).toBeLessThan(MINUTE / 2);
  });

  it('polls again after the interval, give or take a tenth', () => {
    expect(nextPollDelay({ pollEveryMs: 10 * MINUTE, consecutiveErrors: 0, random: () => 0 })).toBe(9 * MINUTE);
    expect(nextPollDelay({ pollEveryMs: 10 * MINUTE, consecutiveErrors: 0, random: () => 1 })).toBe(11 * MINUTE);
  });

  it('backs off, doubling per consecutive failure, up to a day', () => {
    const mid = () => 0.5;
    expect(nextPollDelay({ pollEveryMs: 15 * MINUTE, consecutiveErrors: 1, random: mid })).toBe(30 * MINUTE);
    expect(nextPollDelay({ pollEveryMs: 15 * MINUTE, consecutiveErrors: 3, random: mid })).toBe(120 * MINUTE);
    expect(nextPollDelay({ pollEveryMs: 15 * MINUTE, consecutiveErrors: 40, random: mid })).toBe(MAX_BACKOFF_MS);
  });

  it('never polls before a Retry-After', () => {
    expect(
      nextPollDelay({ pollEveryMs: 15 * MINUTE, consecutiveErrors: 1, retryAfterMs: 3 * 3_600_000, random: () => 0.5 }),
    ).toBe(3 * 3_600_000);
  });
});
