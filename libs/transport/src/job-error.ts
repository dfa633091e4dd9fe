import type { Job } from 'bullmq';

/**
 * BullMQ needs an Error to record a failure (and reads `name` to spot UnrecoverableError). Errors pass
 * through untouched; anything else is wrapped. The common non-Error is the output of Nest's default RPC
 * exception filter, `{ status: 'error', message: 'Internal server error' }`, which replaced the original.
 */
export function toJobError(error: unknown, job: Pick<Job, 'name'>): Error {
  if (error instanceof Error) return error;
  const failure = new Error(`Handler for "${job.name}" failed: ${describeError(error)}`);
  if (isNestDefaultRpcError(error)) {
    failure.message +=
      ' (Nest replaced the original error, which RpcExceptionsHandler logged; register BullMqExceptionFilter' +
      ' globally to keep it, and for UnrecoverableError to skip retries)';
  }
  return failure;
}

function isNestDefaultRpcError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 'error';
}

/** Whether a failed attempt was the job's last: its attempts are spent, or it threw UnrecoverableError. */
export function isFinalFailure(job: Pick<Job, 'attemptsMade' | 'opts'>, error: Pick<Error, 'name'>): boolean {
  return job.attemptsMade >= (job.opts.attempts ?? 1) || error.name === 'UnrecoverableError';
}

/** A one-line description of anything thrown, for logs and wrapped errors. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
