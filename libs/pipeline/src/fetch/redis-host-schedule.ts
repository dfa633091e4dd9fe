import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HostSchedule } from '@storyline/fetch';
import type { RedisClient } from '@storyline/transport';

/** An open request's claim on a host lives this long unless renewed: a worker that died frees its slots by then. */
const LEASE_MS = 15_000;
const RENEW_MS = 5_000;
/** A worker waiting for a slot asks again this often; one that stopped asking this long ago has left the line. */
const ASK_EVERY_MS = 50;
const GONE_AFTER_MS = 5_000;

// Milliseconds on Redis's clock, so workers on hosts whose clocks differ still agree on leases and arrival order.
const NOW = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * KEYS: open (token → lease end), line (token → arrival), asked (token → last asked); ARGV: token, limit, lease ms,
 * gone-after ms. Frees the slots of dead workers and the places of those that left the line, then gives this
 * token a slot if one is free for it: the first `free` places in the line are let in.
 */
const OCCUPY = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
for _, gone in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[4]))) do
  redis.call('ZREM', KEYS[2], gone)
  redis.call('ZREM', KEYS[3], gone)
end
redis.call('ZADD', KEYS[2], 'NX', now, ARGV[1])
redis.call('ZADD', KEYS[3], now, ARGV[1])
local free = tonumber(ARGV[2]) - redis.call('ZCARD', KEYS[1])
if free > 0 and redis.call('ZRANK', KEYS[2], ARGV[1]) < free then
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('ZREM', KEYS[3], ARGV[1])
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return 1
end
redis.call('PEXPIRE', KEYS[2], ARGV[4])
redis.call('PEXPIRE', KEYS[3], ARGV[4])
return 0`;

const RENEW = `${NOW}
if redis.call('ZADD', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[2]), ARGV[1]) == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 1`;

/**
 * KEYS: next (the spacing), hold; ARGV: spacing ms. Returns {held ms, 0} while the host is held off, {0, 0} when the
 * turn is taken (the spacing booked), {0, wait ms} when another request's spacing has not passed yet.
 */
const TAKE = `local held = redis.call('PTTL', KEYS[2])
if held > 0 then return {held, 0} end
if tonumber(ARGV[1]) <= 0 or redis.call('SET', KEYS[1], '1', 'PX', ARGV[1], 'NX') then return {0, 0} end
return {0, math.max(redis.call('PTTL', KEYS[1]), 1)}`;

/** Sets the hold unless a longer one is set already. */
const HOLD = `if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end
return 1`;

/**
 * The politeness schedule every fetch worker shares, a few keys per host under the stack's QUEUE_PREFIX (so one
 * Redis serves several stacks, and all of them sit in the prefix's hash slot on a cluster):
 * - open requests: a sorted set of leases, renewed while the request runs; the line of workers waiting for one
 *   is another, in arrival order, so a worker that just finished cannot keep taking the host from the others;
 * - spacing: a key that lives for the spacing after each request starts; whoever sets it (SET NX) may go, unless
 *   the host is held off, which the same script tells;
 * - a hold after a Retry-After: a key that lives as long as the site asked.
 */
export class RedisHostSchedule implements HostSchedule {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async occupy(host: string, limit: number): Promise<() => void> {
    const keys = [this.key('open', host), this.key('line', host), this.key('asked', host)];
    const token = randomUUID();
    while ((await this.redis.eval(OCCUPY, 3, ...keys, token, limit, LEASE_MS, GONE_AFTER_MS)) !== 1) {
      await sleep(ASK_EVERY_MS);
    }
    const renewal = setInterval(() => {
      this.redis.eval(RENEW, 1, keys[0], token, LEASE_MS).catch(() => undefined);
    }, RENEW_MS);
    renewal.unref();
    return () => {
      clearInterval(renewal);
      // Not waited for: a release Redis misses ends with its lease.
      this.redis.zrem(keys[0], token).catch(() => undefined);
    };
  }

  async take(host: string, spacingMs: number): Promise<number> {
    const keys = [this.key('next', host), this.key('hold', host)];
    for (;;) {
      const [heldOffMs, waitMs] = (await this.redis.eval(TAKE, 2, ...keys, Math.ceil(spacingMs))) as [number, number];
      if (waitMs === 0) return heldOffMs;
      await sleep(Math.max(10, waitMs));
    }
  }

  async holdOff(host: string, ms: number): Promise<void> {
    if (ms > 0) await this.redis.eval(HOLD, 1, this.key('hold', host), Math.ceil(ms));
  }

  async heldOff(host: string): Promise<number> {
    return Math.max(0, await this.redis.pttl(this.key('hold', host)));
  }

  private key(what: 'open' | 'line' | 'asked' | 'next' | 'hold', host: string): string {
    return `${this.prefix}:fetch-host-${what}:${host}`;
  }
}
