// When to try a failed delivery again. The schedule is Svix's: the first attempt is immediate, then
// 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h — eight attempts spread over ~27.5 h, long enough to ride out an
// overnight outage on the consumer side. It is a configurable string so tests can run it in seconds.
//
// Jitter spreads retries of many events that failed together (one endpoint down for everyone) so they do
// not come back as a synchronized thundering herd. A `Retry-After` from the receiver is a lower bound: we
// never come back earlier than asked, but we cap it so a hostile or buggy header can't park an event forever.
import { parseDuration } from './duration';

export const DEFAULT_RETRY_SCHEDULE = '0,5s,5m,30m,2h,5h,10h,10h';
export const DEFAULT_RETRY_JITTER = 0.2;
export const DEFAULT_MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/** Parses "0,5s,5m,30m,2h" into delays in ms. Entry i is the delay before attempt i+1 (entry 0: first try). */
export function parseRetrySchedule(schedule: string): number[] {
  const tokens = schedule.split(',').map((t) => t.trim());
  if (tokens.length === 0 || tokens.some((t) => t === '')) {
    throw new Error(`invalid retry schedule "${schedule}" (expected e.g. "${DEFAULT_RETRY_SCHEDULE}")`);
  }
  return tokens.map(parseDuration);
}

export type RetrySchedule = string | readonly number[];

function toDelays(schedule: RetrySchedule): readonly number[] {
  const delays = typeof schedule === 'string' ? parseRetrySchedule(schedule) : schedule;
  if (delays.length === 0 || delays.some((d) => !Number.isFinite(d) || d < 0)) {
    throw new Error('retry schedule must be a non-empty list of non-negative delays');
  }
  return delays;
}

/** Total number of attempts the schedule allows (the first try included). */
export function maxAttempts(schedule: RetrySchedule): number {
  return toDelays(schedule).length;
}

export interface NextAttemptOptions {
  /** Fraction 0..1: the schedule delay is multiplied by a random factor in [1 - jitter, 1 + jitter]. */
  jitter?: number;
  /** From the receiver's `Retry-After` header (see parseRetryAfter). */
  retryAfterMs?: number | null;
  /** Upper bound applied to `retryAfterMs` (default 24 h). The schedule itself is trusted as configured. */
  maxRetryAfterMs?: number;
  /** Injectable for tests; must return [0, 1). */
  random?: () => number;
}

/**
 * Delay in ms before the next attempt, or null when the schedule is exhausted and the message has failed.
 *
 * @param attemptNumber 1-based number of the attempt that just failed (equivalently: attempts made so far).
 *   With the default schedule, attempt 1 failing gives ~5 s; attempt 8 failing gives null.
 */
export function nextAttemptDelay(
  attemptNumber: number,
  schedule: RetrySchedule = DEFAULT_RETRY_SCHEDULE,
  options: NextAttemptOptions = {},
): number | null {
  if (!Number.isInteger(attemptNumber) || attemptNumber < 1) {
    throw new RangeError(`attemptNumber must be an integer >= 1 (got ${attemptNumber})`);
  }
  const delays = toDelays(schedule);
  if (attemptNumber >= delays.length) return null;

  const jitter = options.jitter ?? DEFAULT_RETRY_JITTER;
  if (!(jitter >= 0 && jitter <= 1)) throw new RangeError('jitter must be between 0 and 1');
  const random = options.random ?? Math.random;
  const base = delays[attemptNumber];
  const jittered = Math.max(0, Math.round(base * (1 + jitter * (2 * random() - 1))));

  const retryAfter = options.retryAfterMs;
  if (retryAfter == null || !Number.isFinite(retryAfter) || retryAfter <= 0) return jittered;
  const cap = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  return Math.max(jittered, Math.min(Math.round(retryAfter), cap));
}

/**
 * Parses a `Retry-After` header: delta-seconds ("120") or an HTTP-date. Returns ms from `now`
 * (0 for a date in the past) or null when absent or unparseable — an invalid header is ignored, not fatal.
 */
export function parseRetryAfter(
  value: string | readonly string[] | undefined,
  now: number = Date.now(),
): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string') return null;
  const v = raw.trim();
  if (v === '') return null;
  if (/^\d+$/.test(v)) {
    const seconds = Number(v);
    return Number.isSafeInteger(seconds * 1000) ? seconds * 1000 : null;
  }
  // HTTP-date (IMF-fixdate, or the obsolete RFC 850 / asctime forms Date.parse also understands).
  if (!/[a-z]/i.test(v)) return null;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}
