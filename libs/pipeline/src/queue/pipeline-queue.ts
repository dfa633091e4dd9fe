import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import { JOB_QUEUE, JobName, JobPayloads, jobIdFor } from '@storyline/contracts';
import type { JobsOptions } from 'bullmq';
import { BullMqClient } from '@storyline/transport';

/**
 * Delivery attempts are guarded by their database row (attempt count, status, row lock), not by job retention:
 * a delivery held back behind an earlier version re-queues the same attempt later, so a completed job must
 * not keep blocking its id.
 */
const JOB_OVERRIDES: Partial<Record<JobName, JobsOptions>> = {
  [JobName.DeliverWebhook]: { removeOnComplete: true },
  [JobName.DeliverEvent]: { removeOnComplete: true },
};

/**
 * The pipeline's producer: typed over the contracts, so a stage can only hand on a payload its consumer
 * reads. Routing (queue) and idempotency (job id) both come from the contracts lib.
 */
@Injectable()
export class PipelineQueue implements OnApplicationShutdown {
  readonly client: BullMqClient;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.client = new BullMqClient({
      connection: config.REDIS_URL,
      prefix: config.QUEUE_PREFIX,
      route: (pattern, data) => ({
        queue: JOB_QUEUE[pattern as JobName],
        jobId: jobIdFor(pattern as JobName, data as never),
        opts: JOB_OVERRIDES[pattern as JobName],
      }),
      defaultJobOptions: {
        attempts: config.JOB_ATTEMPTS,
        backoff: { type: 'exponential', delay: config.JOB_BACKOFF_MS, jitter: 0.2 },
      },
    });
  }

  async enqueue<K extends JobName>(name: K, payload: JobPayloads[K], opts?: JobsOptions): Promise<void> {
    await this.client.addJob(name, payload, opts ? { opts } : {});
  }

  async enqueueMany<K extends JobName>(name: K, payloads: JobPayloads[K][]): Promise<void> {
    if (payloads.length === 0) return;
    await this.client.addBulk(payloads.map((data) => ({ pattern: name, data })));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
