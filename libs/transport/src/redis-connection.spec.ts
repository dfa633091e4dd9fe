import { Cluster, Redis } from 'ioredis';
import {
  closeConnection,
  createRedisConnection,
  describeRedisUrl,
  openConnection,
  parseRedisTarget,
  parseRedisUrl,
} from './redis-connection';
import { REDIS_URL, waitFor } from './testing';

describe('parseRedisUrl', () => {
  it('reads host, port, credentials and database', () => {
    expect(parseRedisUrl('redis://user:p%40ss@cache.internal:6380/2')).toEqual({
      host: 'cache.internal',
      port: 6380,
      username: 'user',
      password: 'p@ss',
      db: 2,
    });
  });

  it('defaults the port and accepts a password without user', () => {
    expect(parseRedisUrl('redis://:secret@127.0.0.1')).toEqual({ host: '127.0.0.1', port: 6379, password: 'secret' });
  });

  it('unwraps IPv6 literals and enables TLS for rediss://', () => {
    expect(parseRedisUrl('rediss://[::1]:6390')).toEqual({ host: '::1', port: 6390, tls: {} });
  });

  it('rejects what is not a Redis URL, naming the problem', () => {
    expect(() => parseRedisUrl('localhost:6379')).toThrow(/protocol must be redis: or rediss:/);
    expect(() => parseRedisUrl('not a url')).toThrow(/Invalid Redis URL/);
    expect(() => parseRedisUrl('redis://127.0.0.1/abc')).toThrow(/database must be a non-negative integer/);
  });
});

describe('parseRedisTarget', () => {
  it('reads one server from redis:// and rediss://', () => {
    expect(parseRedisTarget('redis://127.0.0.1:6380/1')).toEqual({
      kind: 'server',
      options: { host: '127.0.0.1', port: 6380, db: 1 },
    });
  });

  it("reads a cluster's seed nodes and the credentials they share", () => {
    expect(parseRedisTarget('rediss+cluster://app:p%40ss@10.0.0.1:7000, 10.0.0.2:7001,[::1]:7002')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: '::1', port: 7002 },
      ],
      options: { username: 'app', password: 'p@ss', tls: {} },
    });
    expect(parseRedisTarget('redis+cluster://:secret@cache:7000/')).toEqual({
      kind: 'cluster',
      nodes: [{ host: 'cache', port: 7000 }],
      options: { password: 'secret' },
    });
  });

  it('rejects a cluster URL without ports or with a database, naming the problem', () => {
    expect(() => parseRedisTarget('redis+cluster://10.0.0.1')).toThrow(/"10.0.0.1" is not host:port/);
    expect(() => parseRedisTarget('redis+cluster://10.0.0.1:7000,')).toThrow(/"" is not host:port/);
    expect(() => parseRedisTarget('redis+cluster://10.0.0.1:7000/2')).toThrow(/takes no database/);
    expect(() => parseRedisTarget('redis+cluster://10.0.0.1:70000')).toThrow(/not host:port/);
  });

  it('describes where a URL points without its credentials', () => {
    expect(describeRedisUrl('redis://:secret@cache:6390')).toBe('cache:6390');
    expect(describeRedisUrl('redis+cluster://:secret@a:7000,b:7001')).toBe('the cluster of a:7000, b:7001');
  });
});

describe('createRedisConnection', () => {
  it("opens an ioredis Cluster for a cluster URL, with BullMQ's settings on every node", async () => {
    const cluster = createRedisConnection('redis+cluster://:pw@127.0.0.1:1,127.0.0.1:2', { lazyConnect: true });
    try {
      expect(cluster).toBeInstanceOf(Cluster);
      const { options } = cluster as Cluster;
      expect(options.lazyConnect).toBe(true);
      expect(options.redisOptions).toMatchObject({ password: 'pw', maxRetriesPerRequest: null });
    } finally {
      cluster.disconnect();
    }
  });

  it('connects with maxRetriesPerRequest null, as BullMQ workers require', async () => {
    const redis = createRedisConnection(REDIS_URL);
    try {
      expect(redis).toBeInstanceOf(Redis);
      expect((redis as Redis).options.maxRetriesPerRequest).toBeNull();
      expect(await redis.ping()).toBe('PONG');
    } finally {
      await closeConnection(redis);
    }
    await waitFor(() => redis.status === 'end'); // QUIT acknowledged, then the socket closes
  });

  it('owns connections it opens but never one the caller passed in', async () => {
    const callers = createRedisConnection(REDIS_URL);
    try {
      expect(openConnection(callers)).toEqual({ redis: callers, owned: false });
      const opened = openConnection(REDIS_URL);
      expect(opened.owned).toBe(true);
      await closeConnection(opened.redis);
    } finally {
      await closeConnection(callers);
    }
  });
});
