import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import { JOB_QUEUE, JobName, JobPayloads, jobIdFor } from '@storyline/contracts';
import type { JobsOptions } from 'bullmq';
import { BullMqClient } from '@storyline/transport';
import { FETCH_BACKOFF } from '../fetch/fetch-backoff';

/**
 * Delivery attempts are guarded by their database row (attempt count, status, row lock), not by job retention:
 * a delivery held back behind an earlier version re-queues the same attempt later, so a completed job must
 * not keep blocking its id.
 */
const JOB_OVERRIDES: Partial<Record<JobName, JobsOptions>> = {
  [JobName.DeliverWebhook]: { removeOnComplete: true },
  [JobName.DeliverEvent]: { removeOnComplete: true },
};

/** Jobs queued in one Redis pipeline: BullMQ builds each pipeline synchronously, holding the event loop meanwhile. */
const ENQUEUE_SLICE = 250;

/**
 * The pipeline's producer: typed over the contracts, so a stage can only hand on a payload its consumer
 * reads. Routing (queue) and idempotency (job id) both come from the contracts lib.
 */
@Injectable()
export class PipelineQueue implements OnModuleInit, OnApplicationShutdown {
  readonly client: BullMqClient;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const overrides: Partial<Record<JobName, JobsOptions>> = {
      ...JOB_OVERRIDES,
      // The same doubling delays, but computed by the fetch worker, which waits out a site's Retry-After too.
      [JobName.FetchArticle]: { backoff: { type: FETCH_BACKOFF, delay: config.JOB_BACKOFF_MS } },
    };
    this.client = new BullMqClient({
      connection: config.REDIS_URL,
      prefix: config.QUEUE_PREFIX,
      route: (pattern, data) => ({
        queue: JOB_QUEUE[pattern as JobName],
        jobId: jobIdFor(pattern as JobName, data as never),
        opts: overrides[pattern as JobName],
      }),
      defaultJobOptions: {
        attempts: config.JOB_ATTEMPTS,
        backoff: { type: 'exponential', delay: config.JOB_BACKOFF_MS, jitter: 0.2 },
      },
    });
  }

  /**
   * Opens the connection and the queues at start-up rather than on the first job: created inside an HTTP
   * request, their Redis events (a connection error hours later) would be logged under that request's context.
   */
  onModuleInit(): void {
    for (const queue of new Set(Object.values(JOB_QUEUE))) this.client.getQueue(queue);
  }

  async enqueue<K extends JobName>(name: K, payload: JobPayloads[K], opts?: JobsOptions): Promise<void> {
    await this.client.addJob(name, payload, opts ? { opts } : {});
  }

  async enqueueMany<K extends JobName>(name: K, payloads: JobPayloads[K][]): Promise<void> {
    for (let from = 0; from < payloads.length; from += ENQUEUE_SLICE) {
      await this.client.addBulk(payloads.slice(from, from + ENQUEUE_SLICE).map((data) => ({ pattern: name, data })));
    }
  }

  /**
   * Queues work that must run again although a job for it may have finished (see BullMqClient.requeue); resolves
   * with how many finished jobs were replaced.
   */
  async requeueMany<K extends JobName>(name: K, payloads: JobPayloads[K][]): Promise<number> {
    if (payloads.length === 0) return 0;
    return this.client.requeue(payloads.map((data) => ({ pattern: name, data })));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

/** How long a request waits for Redis to take its jobs. */
const REQUEST_PATH_DEADLINE_MS = 3_000;

/**
 * The producer of the HTTP services. A worker's producer waits through a Redis outage (the job it runs cannot
 * finish without Redis anyway), but a request must be answered: here queueing gives up after a few seconds.
 * What it queues is in Postgres already — ingest's accepted articles are queued by the normalize worker's
 * sweeper, events by the relay's poll — and the abandoned call still completes if Redis comes back (job ids are
 * derived from the work, so nothing is queued twice).
 */
@Injectable()
export class RequestPathQueue extends PipelineQueue {
  override enqueue<K extends JobName>(name: K, payload: JobPayloads[K], opts?: JobsOptions): Promise<void> {
    return withDeadline(super.enqueue(name, payload, opts));
  }

  override enqueueMany<K extends JobName>(name: K, payloads: JobPayloads[K][]): Promise<void> {
    return withDeadline(super.enqueueMany(name, payloads));
  }
}

function withDeadline(work: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Redis did not take the jobs within ${REQUEST_PATH_DEADLINE_MS} ms`)),
      REQUEST_PATH_DEADLINE_MS,
    );
  });
  // The abandoned call may still fail later (Redis never came back before shutdown): nobody waits for it then.
  work.catch(() => undefined);
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
