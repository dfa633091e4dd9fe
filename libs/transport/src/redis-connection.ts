import { Redis, type RedisOptions } from 'ioredis';

/**
 * How callers describe a Redis server: a `redis://` / `rediss://` URL, ioredis options, or a live ioredis
 * instance. A live instance stays owned by the caller (we never quit it); the other two make the transport
 * open, and later close, a connection of its own.
 */
export type RedisConnectionInput = string | RedisOptions | Redis;

/**
 * Parses `redis://[user[:password]@]host[:port][/db]` (and `rediss://` for TLS) into ioredis options.
 *
 * ioredis can take the URL itself, but parsing here gives one clear start-up error for a malformed
 * REDIS_URL instead of a reconnect loop against a wrong host, and lets us merge our own options on top.
 */
export function parseRedisUrl(url: string): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Invalid Redis URL "${url}": expected redis://[user[:password]@]host[:port][/db]`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new Error(`Invalid Redis URL "${url}": protocol must be redis: or rediss:, got ${parsed.protocol}`);
  }
  // URL keeps the brackets around an IPv6 literal ("[::1]"); sockets want the bare address.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  const port = parsed.port ? Number(parsed.port) : 6379;
  const options: RedisOptions = { host, port };
  if (parsed.username) options.username = decodeURIComponent(parsed.username);
  if (parsed.password) options.password = decodeURIComponent(parsed.password);
  const dbPath = parsed.pathname.replace(/^\//, '');
  if (dbPath) {
    const db = Number(dbPath);
    if (!Number.isInteger(db) || db < 0) {
      throw new Error(`Invalid Redis URL "${url}": database must be a non-negative integer, got "${dbPath}"`);
    }
    options.db = db;
  }
  if (parsed.protocol === 'rediss:') options.tls = {};
  return options;
}

/** Turns a URL or options into ioredis options; URL strings go through {@link parseRedisUrl}. */
export function toRedisOptions(connection: string | RedisOptions): RedisOptions {
  return typeof connection === 'string' ? parseRedisUrl(connection) : { ...connection };
}

/**
 * Opens an ioredis connection suitable for BullMQ.
 *
 * `maxRetriesPerRequest: null` is mandatory for connections a BullMQ Worker uses: its blocking commands
 * (BZPOPMIN) must wait through a Redis restart instead of failing after N retries, and BullMQ throws at
 * start-up if a shared connection has any other value. We use the same setting for producers so one
 * helper serves both; pass `overrides` to change it (e.g. a fail-fast producer in an HTTP path).
 */
export function createRedisConnection(connection: string | RedisOptions, overrides: RedisOptions = {}): Redis {
  return new Redis({ ...toRedisOptions(connection), maxRetriesPerRequest: null, ...overrides });
}

/** True for a live ioredis client (as opposed to a URL or an options object). */
export function isRedisInstance(connection: RedisConnectionInput): connection is Redis {
  return connection instanceof Redis;
}

/**
 * Resolves the caller's connection input into a client plus whether we own it (and so must quit it on
 * close). Shared by the server and the client so both follow the same ownership rule.
 */
export function openConnection(connection: RedisConnectionInput): { redis: Redis; owned: boolean } {
  if (isRedisInstance(connection)) return { redis: connection, owned: false };
  return { redis: createRedisConnection(connection), owned: true };
}

/**
 * Quits a connection we own: QUIT lets pending replies arrive first; if Redis is unreachable QUIT would
 * wait for a reconnect that may never come, so fall back to an immediate disconnect.
 */
export async function closeConnection(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') {
    // Connecting or reconnecting: with maxRetriesPerRequest null, QUIT would sit in the offline queue forever.
    redis.disconnect();
    return;
  }
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
