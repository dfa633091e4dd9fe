import { Cluster, type ClusterNode, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';

/** A connection to one Redis server or to a Redis Cluster (ioredis `Cluster`); BullMQ takes either. */
export type RedisClient = Redis | Cluster;

/**
 * How callers describe Redis: a URL (`redis://`, `rediss://`, or `redis+cluster://` / `rediss+cluster://` for a
 * Redis Cluster, see {@link parseRedisTarget}), ioredis options for one server, or a live ioredis client. A live
 * client stays owned by the caller (we never quit it); the others make the transport open, and later close, a
 * connection of its own.
 */
export type RedisConnectionInput = string | RedisOptions | RedisClient;

/** One server, or the seed nodes of a cluster with the options every node connection shares. */
export type RedisTarget =
  | { kind: 'server'; options: RedisOptions }
  | { kind: 'cluster'; nodes: Array<{ host: string; port: number }>; options: RedisOptions };

const URL_FORMS =
  'redis://[user[:password]@]host[:port][/db], or redis+cluster://[user[:password]@]host:port,host:port,… for a Redis Cluster (rediss… for TLS)';

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

/** True when `url` names a Redis Cluster (`redis+cluster://` or `rediss+cluster://`). */
export function isRedisClusterUrl(url: string): boolean {
  return /^rediss?\+cluster:\/\//i.test(url.trim());
}

/**
 * Parses a Redis URL of either form. A cluster URL lists seed nodes — any of the cluster's nodes; the client
 * discovers the rest (CLUSTER SLOTS) — with the credentials once for all of them:
 *
 *   redis+cluster://[user[:password]@]host:port[,host:port…]      rediss+cluster://… for TLS to every node
 *
 * A cluster has only database 0, so a cluster URL takes no /db. Every problem is reported as one error naming
 * the URL's form, so a bad REDIS_URL stops the process at start-up instead of leaving it reconnecting.
 */
export function parseRedisTarget(url: string): RedisTarget {
  if (!isRedisClusterUrl(url)) return { kind: 'server', options: parseRedisUrl(url) };
  // The URL is not quoted: it may carry a password, and this message goes to logs.
  const invalid = (why: string) => new Error(`Invalid Redis Cluster URL: ${why}; expected ${URL_FORMS}`);
  const match = /^(rediss?)\+cluster:\/\/(?:([^@/]*)@)?([^/?#]*)(\/0?)?$/i.exec(url.trim());
  if (!match) throw invalid('a cluster URL takes no database, path or query (a cluster has only database 0)');
  const [, scheme, userInfo, hostList] = match;
  const nodes = hostList.split(',').map((entry) => {
    const node = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]\s]+):(\d{1,5})$/.exec(entry.trim());
    if (!node || Number(node[2]) < 1 || Number(node[2]) > 65535) {
      throw invalid(`"${entry}" is not host:port (every node needs its port)`);
    }
    return { host: node[1].replace(/^\[(.*)\]$/, '$1'), port: Number(node[2]) };
  });
  const options: RedisOptions = {};
  if (userInfo) {
    const colon = userInfo.indexOf(':');
    const username = colon < 0 ? userInfo : userInfo.slice(0, colon);
    if (username) options.username = decodeURIComponent(username);
    if (colon >= 0 && colon < userInfo.length - 1) options.password = decodeURIComponent(userInfo.slice(colon + 1));
  }
  if (scheme.toLowerCase() === 'rediss') options.tls = {};
  return { kind: 'cluster', nodes, options };
}

/** Where a Redis URL points, without credentials, for messages: `host:port`, or the cluster's seed nodes. */
export function describeRedisUrl(url: string): string {
  try {
    const target = parseRedisTarget(url);
    if (target.kind === 'cluster') {
      return `the cluster of ${target.nodes.map(({ host, port }) => `${host.includes(':') ? `[${host}]` : host}:${port}`).join(', ')}`;
    }
    const { host = '127.0.0.1', port = 6379 } = target.options;
    return `${host.includes(':') ? `[${host}]` : host}:${port}`;
  } catch {
    return 'REDIS_URL';
  }
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
 *
 * A cluster URL opens an ioredis `Cluster`; `overrides` then apply to every node's connection, except
 * `lazyConnect` and `enableOfflineQueue`, which are the cluster client's own.
 */
export function createRedisConnection(connection: string | RedisOptions, overrides: RedisOptions = {}): RedisClient {
  if (typeof connection === 'string' && isRedisClusterUrl(connection)) {
    return createRedisCluster(connection, overrides);
  }
  return new Redis({ ...toRedisOptions(connection), maxRetriesPerRequest: null, ...overrides });
}

function createRedisCluster(url: string, overrides: RedisOptions): Cluster {
  const target = parseRedisTarget(url);
  if (target.kind !== 'cluster') throw new Error(`Not a Redis Cluster URL: ${describeRedisUrl(url)}`);
  const { lazyConnect, enableOfflineQueue, ...nodeOverrides } = overrides;
  const clusterOptions: ClusterOptions = {
    redisOptions: { ...target.options, maxRetriesPerRequest: null, ...nodeOverrides },
    // BullMQ's recommendation for workers: keep trying to reach the cluster, at most every 20 s.
    clusterRetryStrategy: (times) => Math.max(Math.min(Math.exp(times), 20_000), 1_000),
  };
  if (lazyConnect !== undefined) clusterOptions.lazyConnect = lazyConnect;
  if (enableOfflineQueue !== undefined) clusterOptions.enableOfflineQueue = enableOfflineQueue;
  // Behind TLS (managed clusters), nodes announce addresses the certificate may not name; keep the seed's name.
  if (target.options.tls) clusterOptions.dnsLookup = (address, callback) => callback(null, address);
  return new Cluster(target.nodes as ClusterNode[], clusterOptions);
}

/** True for a live ioredis client, one server or a cluster (as opposed to a URL or an options object). */
export function isRedisInstance(connection: RedisConnectionInput): connection is RedisClient {
  return connection instanceof Redis || connection instanceof Cluster;
}

/**
 * Resolves the caller's connection input into a client plus whether we own it (and so must quit it on
 * close). Shared by the server and the client so both follow the same ownership rule.
 */
export function openConnection(connection: RedisConnectionInput): { redis: RedisClient; owned: boolean } {
  if (isRedisInstance(connection)) return { redis: connection, owned: false };
  return { redis: createRedisConnection(connection), owned: true };
}

/**
 * Quits a connection we own: QUIT lets pending replies arrive first; if Redis is unreachable QUIT would
 * wait for a reconnect that may never come, so fall back to an immediate disconnect.
 */
export async function closeConnection(redis: RedisClient): Promise<void> {
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

/**
 * Every key matching `pattern` (SCAN, not KEYS, so a shared Redis is not blocked). On a cluster each master is
 * scanned, since a node only returns the keys of its own slots. Calls `onKeys` with the keys of one SCAN page and
 * the node that holds them.
 */
export async function scanKeys(
  redis: RedisClient,
  pattern: string,
  onKeys: (keys: string[], node: Redis) => Promise<void>,
): Promise<void> {
  const nodes = redis instanceof Cluster ? await masters(redis) : [redis];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length > 0) await onKeys(keys, node);
      cursor = next;
    } while (cursor !== '0');
  }
}

/** The cluster's masters, once it has its slot map (a client that has not connected yet knows no nodes). */
async function masters(cluster: Cluster): Promise<Redis[]> {
  if (cluster.status === 'wait') await cluster.connect();
  else if (cluster.status !== 'ready') {
    await new Promise<void>((resolve, reject) => {
      cluster.once('ready', resolve);
      cluster.once('end', () => reject(new Error('Redis Cluster connection closed')));
    });
  }
  return cluster.nodes('master');
}

/**
 * Deletes every key under `prefix:` — a queue prefix's queues, for teardown and clean-up. Keys are deleted one
 * by one on the node that holds them: a multi-key DEL fails on a cluster when the keys are in different slots.
 */
export async function deleteKeysWithPrefix(redis: RedisClient, prefix: string): Promise<number> {
  let deleted = 0;
  await scanKeys(redis, `${escapeGlob(prefix)}:*`, async (keys, node) => {
    const pipeline = node.pipeline();
    for (const key of keys) pipeline.unlink(key);
    await pipeline.exec();
    deleted += keys.length;
  });
  return deleted;
}

/** `{storyline}` as a SCAN pattern: braces are literal, but `*?[]\\` are glob syntax. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
