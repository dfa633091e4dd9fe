import type { JobsOptions } from 'bullmq';

/**
 * Job options the client applies unless a route or the caller overrides them.
 *
 * - attempts + exponential backoff (1s, 2s, 4s, 8s between the 5 attempts) ride out a restarting database or
 *   a briefly unreachable webhook receiver; jitter keeps many failed jobs from retrying in lock-step.
 * - Completed jobs are kept for a day instead of removed at once: a job id only deduplicates while a job
 *   with that id still exists, so `removeOnComplete: true` would let the same work be queued again right
 *   after it finished. The retention is the deduplication window; the database stays the source of truth
 *   for longer-term idempotency.
 * - Failed jobs are kept for a week so they can be inspected and retried by hand.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000, jitter: 0.2 },
  removeOnComplete: { age: 24 * 60 * 60 },
  removeOnFail: { age: 7 * 24 * 60 * 60 },
};
