/** A new (or resumed) feed's first poll falls somewhere in this window, so feeds added together poll apart. */
export const FIRST_POLL_SPREAD_MS = 60_000;
/** However often a feed fails, it is tried again at least daily (or at its own interval, if longer). */
export const MAX_BACKOFF_MS = 86_400_000;
/** A Retry-After beyond a week is a misconfiguration, not a request to stop polling for good. */
const MAX_RETRY_AFTER_MS = 7 * 86_400_000;

/** Each poll lands within ±10 % of its interval, so feeds added at one moment drift apart instead of firing together. */
const JITTER = 0.1;

/** Delay before a feed's first poll: a random point in its first minute (or its interval, if shorter). */
export function firstPollDelay(pollEveryMs: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(pollEveryMs, FIRST_POLL_SPREAD_MS));
}

/**
 * Delay before a feed's next poll: its interval when the last poll went well; after failures, the interval
 * doubled per consecutive failure up to a day; never sooner than a Retry-After the site sent.
 */
export function nextPollDelay(opts: {
  pollEveryMs: number;
  consecutiveErrors: number;
  retryAfterMs?: number | null;
  random?: () => number;
}): number {
  const { pollEveryMs, consecutiveErrors } = opts;
  const random = opts.random ?? Math.random;
  const base =
    consecutiveErrors > 0
      ? Math.min(pollEveryMs * 2 ** Math.min(consecutiveErrors, 20), Math.max(MAX_BACKOFF_MS, pollEveryMs))
      : pollEveryMs;
  const jittered = Math.round(base * (1 - JITTER + 2 * JITTER * random()));
  const retryAfter = Math.min(opts.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS);
  return Math.max(jittered, retryAfter);
}
