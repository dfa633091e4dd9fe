/**
 * Transport id for the BullMQ strategy. Nest passes it to processing hooks and uses it to tell transports
 * apart when an app runs several; a symbol cannot clash with the built-in `Transport` enum values.
 */
export const BULLMQ_TRANSPORT = Symbol('BULLMQ_TRANSPORT');

/**
 * The event pattern of the handler a worker calls once for every job that failed for good in it — its handler
 * threw on the last attempt or threw UnrecoverableError, or BullMQ failed it without running it because it had
 * stalled more than `maxStalledCount` times (its workers died while holding it). The payload is a
 * {@link FailedJob}. A handler that would otherwise only see its own errors sees the stalls too.
 */
export const JOB_FAILED_PATTERN = 'bullmq.job-failed';

/** What the {@link JOB_FAILED_PATTERN} handler receives. */
export interface FailedJob {
  queue: string;
  name: string;
  id: string | undefined;
  /** The job's payload, as its producer queued it (not validated: a payload that failed validation lands here too). */
  data: unknown;
  error: string;
  attemptsMade: number;
}
