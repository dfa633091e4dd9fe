import { ApiKeyRegistry } from '@storyline/access';
import { QueueName } from '@storyline/contracts';
import { PipelineQueue } from '@storyline/pipeline';
import { Cluster } from 'ioredis';
import { createRedisConnection, deleteKeysWithPrefix, scanKeys } from '@storyline/transport';
import { HARBOUR_STORM, HARBOUR_STORM_REWRITE, MUSEUM_THEFT } from '../../libs/stories/src/testing/fictional-articles';
import { openDatabase } from '../../tools/cli/stack/database';
import { readPipelineState } from '../../tools/cli/stack/pipeline-state';
import { waitUntilDrained } from '../../tools/cli/commands/wait';
import { HttpApps, listenHttpApps } from '../support/http-apps';
import { LocalRedisCluster, redisClusterBinariesFound, warnRedisClusterSkipped } from '../support/redis-cluster';
import { Stack } from '../support/stack';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

/**
 * The pipeline on a Redis Cluster (REDIS_URL redis+cluster://…, QUEUE_PREFIX a hash tag): three local
 * `redis-server --cluster-enabled yes` masters started here, ingest and query with the normalize, dedupe and
 * entities and webhooks workers on them, articles posted until done. Skipped, with a banner, where redis-server is missing.
 */
const found = redisClusterBinariesFound();
if (!found) warnRedisClusterSkipped('test/cluster/redis-cluster.e2e-spec.ts (the pipeline on a Redis Cluster)');

(found ? describe : describe.skip)('the pipeline on a Redis Cluster', () => {
  let cluster: LocalRedisCluster | undefined;
  let env: TestEnvironment | undefined;
  let stack: Stack | undefined;
  const prefix = `{test_cluster_${process.pid}_${Date.now().toString(36)}}`;

  beforeAll(async () => {
    cluster = await LocalRedisCluster.start();
    env = await createTestEnvironment('redis_cluster', { REDIS_URL: cluster.url, QUEUE_PREFIX: prefix });
    stack = await Stack.start(env.config);
  });

  afterAll(async () => {
    await stack?.stop();
    await env?.teardown();
    await cluster?.stop();
  });

  const post = async (externalId: string, title: string, paragraphs: string[]): Promise<string> => {
    const { status, body } = await stack!.postArticle({
      source: 'cluster',
      externalId,
      title,
      body: paragraphs.join('\n\n'),
    });
    expect(status).toBe(202);
    return body.id as string;
  };

  it('takes articles through every stage to done, with the queues on the cluster', async () => {
    const storm = await post('storm-1', 'Storm breaks Port Alder breakwater', HARBOUR_STORM);
    const rewrite = await post('storm-2', 'Fish market flooded as breakwater fails', HARBOUR_STORM_REWRITE);
    const theft = await post('theft-1', 'Antique watches stolen from clock museum', MUSEUM_THEFT);
    const [a, b, c] = await stack!.waitForArticles([storm, rewrite, theft]);
    expect([a.status, b.status, c.status]).toEqual(['done', 'done', 'done']);
    expect(b.storyId).toBe(a.storyId);
    expect(c.storyId).not.toBe(a.storyId);

    // The jobs went through the cluster, all under the prefix's hash tag: one slot, on one of the masters.
    const redis = createRedisConnection(env!.config.REDIS_URL) as Cluster;
    try {
      expect(redis).toBeInstanceOf(Cluster);
      const keys: string[] = [];
      await scanKeys(redis, `${prefix.replace(/[*?[\]\\]/g, '\\$&')}:*`, async (page) => void keys.push(...page));
      expect(keys).toEqual(expect.arrayContaining([`${prefix}:${QueueName.Normalize}:meta`]));
      const slots = new Set(await Promise.all(keys.map((key) => redis.cluster('KEYSLOT', key))));
      expect(slots.size).toBe(1);
    } finally {
      redis.disconnect();
    }
  });

  it('reports Redis ready, queue depths in /metrics and a drained pipeline for `cli wait`', async () => {
    for (const base of [stack!.ingestUrl, stack!.queryUrl]) {
      const ready = await fetch(`${base}/health/ready`);
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as any).info).toMatchObject({ redis: { status: 'up' } });
    }
    const metrics = await (await fetch(`${stack!.queryUrl}/metrics`)).text();
    expect(metrics).toMatch(/^storyline_metrics_source_up\{source="redis"[^}]*\} 1$/m);
    expect(metrics).toMatch(/^storyline_queue_jobs\{queue="normalize",state="waiting"[^}]*\} 0$/m);

    const db = await openDatabase(env!.config);
    const queue = new PipelineQueue(env!.config);
    try {
      const state = await waitUntilDrained(() => readPipelineState(db, queue), { timeoutMs: 30_000, intervalMs: 200 });
      expect(state).toMatchObject({ drained: true, last: { articles: 3, unfinished: 0, failed: 0 } });
    } finally {
      await queue.client.close();
      await db.destroy();
    }
  });

  it('checks stored keys’ scopes and counts their requests on the cluster, for every copy of ingest', async () => {
    const limited = await createTestEnvironment('redis_cluster_keys', {
      REDIS_URL: cluster!.url,
      QUEUE_PREFIX: `{test_cluster_keys_${process.pid}}`,
      API_KEYS: 'cluster-bootstrap-admin-key',
      INGEST_RATE_LIMIT: '2',
      RATE_LIMIT_WINDOW_MS: '600000',
    });
    const db = await openDatabase(limited.config);
    // Two copies of ingest, sharing the limit through the cluster, and query for a scope the key lacks.
    const [first, second] = [await listenHttpApps(limited.config), await listenHttpApps(limited.config)];
    try {
      const { key } = await new ApiKeyRegistry(db).create({ name: 'wire crawler', scopes: ['ingest'] });
      const submit = (apps: HttpApps, n: number) =>
        fetch(`${apps.ingestUrl}/v1/articles`, {
          method: 'POST',
          body: JSON.stringify({ source: 'cluster-keys', externalId: `k${n}`, title: 'Ferry resumes service' }),
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        });
      expect((await submit(first, 1)).status).toBe(202);
      expect((await submit(second, 2)).status).toBe(202);
      const over = await submit(first, 3);
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      const read = await fetch(`${first.queryUrl}/v1/stories`, { headers: { authorization: `Bearer ${key}` } });
      expect(read.status).toBe(403);
      const redis = createRedisConnection(limited.config.REDIS_URL) as Cluster;
      try {
        const counted: string[] = [];
        await scanKeys(
          redis,
          `${limited.config.QUEUE_PREFIX}:rate-limit:*`,
          async (keys) => void counted.push(...keys),
        );
        expect(counted).toHaveLength(1);
        await deleteKeysWithPrefix(redis, limited.config.QUEUE_PREFIX);
      } finally {
        redis.disconnect();
      }
    } finally {
      await Promise.all([first.close(), second.close()]);
      await db.destroy();
      await limited.teardown();
    }
  });

  it('finds and deletes keys on every master', async () => {
    const redis = createRedisConnection(env!.config.REDIS_URL) as Cluster;
    // Without a hash tag these keys spread over the slots, so over the three masters.
    const spread = `test_cluster_spread_${process.pid}`;
    try {
      for (let i = 0; i < 30; i++) await redis.set(`${spread}:${i}`, '1');
      const holders = new Set<string>();
      await scanKeys(
        redis,
        `${spread}:*`,
        async (keys, node) => void (keys.length && holders.add(`${node.options.port}`)),
      );
      expect(holders.size).toBe(3);
      expect(await deleteKeysWithPrefix(redis, spread)).toBe(30);
      expect(await deleteKeysWithPrefix(redis, spread)).toBe(0);
    } finally {
      redis.disconnect();
    }
  });
});
