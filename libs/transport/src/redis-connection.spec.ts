import { closeConnection, createRedisConnection, openConnection, parseRedisUrl } from './redis-connection';
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

describe('createRedisConnection', () => {
  it('connects with maxRetriesPerRequest null, as BullMQ workers require', async () => {
    const redis = createRedisConnection(REDIS_URL);
    try {
      expect(redis.options.maxRetriesPerRequest).toBeNull();
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
