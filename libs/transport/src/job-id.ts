/**
 * Job ids for idempotency.
 *
 * A job added with an id that already exists in its queue (waiting, delayed, active, completed or failed
 * and not yet removed) is not added again — BullMQ returns the existing job. Deriving the id from the work
 * (article id + stage) is therefore what makes "the same work is never queued twice" true, including when
 * a handler is retried after it already emitted to the next stage, or when two producers race.
 *
 * Rules BullMQ 5 enforces on custom ids (node_modules/bullmq/dist/cjs/classes/job.js, `validateOptions`):
 * - an id must not be an integer string ("Custom Id cannot be integers"): integers are reserved for the
 *   ids BullMQ generates itself from its counter, so a custom "42" could collide with generated job 42;
 * - an id must not contain ':' ("Custom Id cannot contain :"): ':' separates the parts of Redis keys
 *   (`prefix:queue:id`). BullMQ still lets ids with exactly two ':' through for old repeatable jobs; we do
 *   not rely on that loophole and reject every ':'.
 * Queue names must not contain ':' either (queue-base.js).
 *
 * The ids themselves are derived from the work in the contracts lib (`jobIdFor`: job name, article id and
 * revision, joined with '.'); the transport checks every id it is given against these rules.
 */

/** Throws a descriptive error when BullMQ would reject `id` as a custom job id. */
export function assertValidJobId(id: string): void {
  if (id.length === 0) throw new Error('Job id must not be empty');
  if (id.includes(':')) {
    throw new Error(`Job id "${id}" contains ':' which BullMQ reserves as its key separator`);
  }
  if (`${parseInt(id, 10)}` === id) {
    throw new Error(`Job id "${id}" is an integer, which BullMQ reserves for generated ids; add a stage suffix`);
  }
}

/** Queue names share the ':' restriction (they are part of every Redis key). */
export function assertValidQueueName(name: string): void {
  if (name.length === 0 || name.includes(':')) {
    throw new Error(`Queue name "${name}" is invalid: it must be non-empty and must not contain ':'`);
  }
}
