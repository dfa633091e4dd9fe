import { setTimeout as sleep } from 'node:timers/promises';
import type { HostSchedule } from '@storyline/fetch';
import type { RedisClient } from '@storyline/transport';

/**
 * The politeness schedule every fetch worker shares: a key per host that lives for the spacing after each request
 * starts. Whoever sets it (SET NX) may go; the others wait for it to expire. Under the stack's QUEUE_PREFIX, so one
 * Redis serves several stacks, and in its hash slot on a cluster.
 */
export class RedisHostSchedule implements HostSchedule {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async take(host: string, spacingMs: number): Promise<void> {
    if (spacingMs <= 0) return;
    const key = `${this.prefix}:fetch-host:${host}`;
    for (;;) {
      if ((await this.redis.set(key, '1', 'PX', spacingMs, 'NX')) === 'OK') return;
      const left = await this.redis.pttl(key);
      await sleep(Math.max(10, left));
    }
  }
}
