import { AppConfig } from '@storyline/config';
import { QueueName } from '@storyline/contracts';
import { PipelineQueue } from '@storyline/pipeline';
import { describeRedisUrl } from '@storyline/transport';

const REACH_MS = 5_000;

/**
 * Resolves once Redis answers, or fails with a message naming it: BullMQ would otherwise wait for Redis without
 * end, and a command queueing work would hang with no word of why.
 */
export async function reachRedis(queue: PipelineQueue, config: AppConfig, ms = REACH_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Redis at ${describeRedisUrl(config.REDIS_URL)} did not answer within ${ms / 1000} s`)),
      ms,
    );
  });
  const ready = queue.client.getQueue(QueueName.Normalize).waitUntilReady();
  ready.catch(() => undefined);
  await Promise.race([ready, deadline]).finally(() => clearTimeout(timer));
}
