import type { BackoffStrategy } from 'bullmq';
import { MAX_HOST_RETRY_AFTER_MS } from '@storyline/fetch';

/**
 * The backoff type of fetch jobs. BullMQ asks a worker's own strategy only for types it does not know itself, so
 * fetch jobs name this one, and the fetch worker (the only consumer of their queue) computes it: `fetchBackoff`.
 */
export const FETCH_BACKOFF = 'fetch';

/** The jitter of the other jobs' exponential backoff, so many failed fetches do not come back in lock-step. */
const JITTER = 0.2;

/** A fetch the site asked to have later: the job is retried no sooner than `retryAfterMs` from now. */
export class RetryLater extends Error {
  override readonly name = 'RetryLater';

  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

/**
 * The delay before a fetch job's next attempt: the pipeline's exponential backoff (JOB_BACKOFF_MS doubled per
 * attempt, with jitter), or the site's Retry-After when that is longer (up to a day).
 */
export const fetchBackoff: BackoffStrategy = (attemptsMade, _type, error, job) => {
  const backoff = job?.opts.backoff;
  const delay = typeof backoff === 'number' ? backoff : (backoff?.delay ?? 1000);
  const exponential = Math.round(2 ** Math.max(0, attemptsMade - 1) * delay * (1 - JITTER * Math.random()));
  const retryAfter = error instanceof RetryLater ? Math.min(error.retryAfterMs, MAX_HOST_RETRY_AFTER_MS) : 0;
  return Math.max(exponential, Math.ceil(retryAfter));
};
