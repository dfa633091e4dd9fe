import { AppConfig } from '@storyline/config';
import { QueueName } from '@storyline/contracts';
import { PipelineQueue } from '@storyline/pipeline';

const REACH_MS = 5_000;

/**
 * Resolves once Redis answers, or fails with a message naming it: BullMQ would otherwise wait for Redis without
 * end, and a command queueing work would hang with no word of why.
 */
export async function reachRedis(queue: PipelineQueue, config: AppConfig, ms = REACH_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Redis at ${redisAddress(config)} did not answer within ${ms / 1000} s`)),
      ms,
    );
  });
  const ready = queue.client.getQueue(QueueName.Normalize).waitUntilReady();
  ready.catch(() => undefined);
  await Promise.race([ready, deadline]).finally(() => clearTimeout(timer));
}

/** Host and port of REDIS_URL, without credentials, for messages. */
function redisAddress(config: AppConfig): string {
  try {
    const url = new URL(config.REDIS_URL);
    return `${url.hostname}:${url.port || 6379}`;
  } catch {
    return 'REDIS_URL';
  }
}
