import { INestApplication } from '@nestjs/common';
import { createServer } from 'node:net';
import { DataSource } from 'typeorm';
import { ApiKeyRegistry, RateLimiter } from '@storyline/access';
import { createDataSource } from '@storyline/database';
import { createRedisConnection } from '@storyline/transport';
import { createIngestApp } from '../../apps/ingest/src/ingest-app';
import { createQueryApp } from '../../apps/query/src/query-app';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

const HOUR_MS = 3_600_000;

/**
 * Per-key rate limits counted in Redis: two copies of ingest share one key's limit, each key and each service has
 * its own, and a key over it is answered 429 problem+json with Retry-After. The window is an hour, so nothing here
 * depends on how fast the requests are sent.
 */
describe('rate limits', () => {
  let env: TestEnvironment;
  let db: DataSource;
  let apps: INestApplication[];
  let ingestUrls: string[];
  let queryUrl: string;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    env = await createTestEnvironment('rate_limits', {
      INGEST_RATE_LIMIT: '3',
      QUERY_RATE_LIMIT: '2',
      RATE_LIMIT_WINDOW_MS: String(HOUR_MS),
      API_KEYS: 'bootstrap-key-0123456789',
    });
    db = await createDataSource({ url: env.config.DATABASE_URL, poolSize: 2 }).initialize();
    const registry = new ApiKeyRegistry(db);
    for (const name of ['wire crawler', 'site crawler']) {
      keys[name] = (await registry.create({ name, scopes: ['ingest', 'read'] })).key;
    }
    apps = await Promise.all([createIngestApp(env.config), createIngestApp(env.config), createQueryApp(env.config)]);
    await Promise.all(apps.map((app) => app.listen(0, '127.0.0.1')));
    const urls = await Promise.all(apps.map((app) => app.getUrl()));
    ingestUrls = urls.slice(0, 2);
    queryUrl = urls[2];
  });

  afterAll(async () => {
    await Promise.all(apps?.map((app) => app.close()) ?? []);
    await db?.destroy();
    await env?.teardown();
  });

  let externalId = 0;
  const post = (url: string, key: string) =>
    fetch(`${url}/v1/articles`, {
      method: 'POST',
      body: JSON.stringify({ source: 'wire', externalId: `r-${externalId++}`, title: 'Tide gauge replaced' }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    });
  const read = (key: string) => fetch(`${queryUrl}/v1/stories`, { headers: { authorization: `Bearer ${key}` } });

  it('answers a key over its limit 429 with Retry-After, counted across copies of the service', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(ingestUrls[i % 2], keys['wire crawler'])).status);
    expect(statuses).toEqual([202, 202, 202]);
    for (const url of ingestUrls) {
      const refused = await post(url, keys['wire crawler']);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      // One request is given back every window ÷ limit: 20 minutes here.
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(19 * 60);
      expect(retryAfter).toBeLessThanOrEqual(20 * 60);
      expect(await refused.json()).toMatchObject({
        type: 'https://storyline.dev/problems/too-many-requests',
        status: 429,
        detail: expect.stringContaining('3 requests to ingest per 3600 s'),
      });
    }
  });

  it('keeps a limit per key and per service', async () => {
    expect((await post(ingestUrls[0], keys['site crawler'])).status).toBe(202);
    expect((await read(keys['wire crawler'])).status).toBe(200);
    expect((await read(keys['wire crawler'])).status).toBe(200);
    expect((await read(keys['wire crawler'])).status).toBe(429);
    expect((await read(keys['site crawler'])).status).toBe(200);
  });

  it('limits the API_KEYS as any key, and never counts open routes', async () => {
    for (let i = 0; i < 3; i++) expect((await post(ingestUrls[1], 'bootstrap-key-0123456789')).status).toBe(202);
    expect((await post(ingestUrls[1], 'bootstrap-key-0123456789')).status).toBe(429);
    for (let i = 0; i < 5; i++) expect((await fetch(`${ingestUrls[0]}/health`)).status).toBe(200);
  });

  it('lets requests through uncounted when Redis does not answer, and says so', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const redis = createRedisConnection(`redis://127.0.0.1:${port}`, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    });
    redis.on('error', () => undefined);
    const errors: unknown[] = [];
    const limiter = new RateLimiter(redis, 'nowhere:rate-limit', (error) => errors.push(error));
    try {
      const limit = { requests: 1, windowMs: HOUR_MS };
      expect(await limiter.take('ingest', 'k', limit)).toEqual({ allowed: true });
      expect(await limiter.take('ingest', 'k', limit)).toEqual({ allowed: true });
      expect(errors).toHaveLength(2);
    } finally {
      redis.disconnect();
    }
  });
});
