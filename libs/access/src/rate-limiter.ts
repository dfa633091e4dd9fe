import type { RedisClient } from '@storyline/transport';

/** At most `requests` per `windowMs` for one key, which may spend them at once. */
export interface RateLimit {
  requests: number;
  windowMs: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * A token bucket kept as one number per key in Redis (GCRA): the time at which the key's bucket will be full again
 * (`full`). Each request moves it on by window ÷ requests; a request that would move it past now + window is
 * refused, and told how long until it would not. Redis' clock is the only one used, so copies of a service on
 * machines whose clocks differ share one limit. The key expires once the bucket is full.
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local full = tonumber(redis.call('GET', KEYS[1]) or now)
if full < now then full = now end
full = full + window / tonumber(ARGV[2])
if full - now > window then return math.ceil(full - now - window) end
redis.call('SET', KEYS[1], string.format('%.3f', full), 'PX', math.ceil(full - now))
return 0
`;

interface WithTake {
  storylineRateLimitTake(key: string, windowMs: number, requests: number): Promise<number>;
}

/**
 * Per-key request limits shared by every copy of a service (the counts are in Redis). When Redis cannot answer,
 * requests are let through and `onError` is told: a limit protects the service, and an article submitted while
 * Redis is down is still stored (its queueing waits for the sweeper).
 */
export class RateLimiter {
  constructor(
    private readonly redis: RedisClient,
    /** Where the counts live: `<QUEUE_PREFIX>:rate-limit`, so that stacks sharing a Redis keep their own. */
    private readonly prefix: string,
    private readonly onError: (error: unknown) => void,
  ) {
    redis.defineCommand('storylineRateLimitTake', { numberOfKeys: 1, lua: TAKE });
  }

  async take(bucket: string, callerId: string, limit: RateLimit): Promise<RateDecision> {
    try {
      const key = `${this.prefix}:${bucket}:${callerId}`;
      const wait = await (this.redis as unknown as WithTake).storylineRateLimitTake(
        key,
        limit.windowMs,
        limit.requests,
      );
      return wait > 0 ? { allowed: false, retryAfterMs: wait } : { allowed: true };
    } catch (error) {
      this.onError(error);
      return { allowed: true };
    }
  }
}
