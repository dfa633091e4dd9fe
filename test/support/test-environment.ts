import { Client } from 'pg';
import { AppConfig, loadConfig } from '@storyline/config';
import { runMigrations } from '@storyline/database';
import { createRedisConnection, deleteKeysWithPrefix } from '@storyline/transport';

/**
 * Per test file: a database of its own (created and migrated here, dropped at the end) and a queue prefix
 * of its own, on the Postgres and Redis that global-setup chose. Files can then run in parallel.
 */
export interface TestEnvironment {
  config: AppConfig;
  teardown(): Promise<void>;
}

export async function createTestEnvironment(
  name: string,
  overrides: Record<string, string> = {},
): Promise<TestEnvironment> {
  const suffix = `${name.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${process.pid}_${Date.now().toString(36)}`;
  const databaseUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/storyline');
  databaseUrl.pathname = `/storyline_test_${suffix}`;
  const config = loadConfig({
    DATABASE_URL: databaseUrl.toString(),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `test_${suffix}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    INGEST_PORT: '0',
    QUERY_PORT: '0',
    HOST: '127.0.0.1',
    JOB_BACKOFF_MS: '100',
    SWEEP_INTERVAL_MS: '1000',
    WEBHOOK_OUTBOX_POLL_MS: '200',
    WEBHOOK_COALESCE_MS: '0',
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    ...overrides,
  });
  await runMigrations(config.DATABASE_URL);
  return {
    config,
    async teardown() {
      const admin = new URL(config.DATABASE_URL);
      admin.pathname = '/postgres';
      const client = new Client({ connectionString: admin.toString() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${new URL(config.DATABASE_URL).pathname.slice(1)}" WITH (FORCE)`);
      await client.end();
      // Every master of a cluster (REDIS_URL redis+cluster://…): a node scans only its own slots.
      const redis = createRedisConnection(config.REDIS_URL);
      try {
        await deleteKeysWithPrefix(redis, config.QUEUE_PREFIX);
      } finally {
        redis.disconnect();
      }
    },
  };
}

export async function waitUntil<T>(
  probe: () => Promise<T | undefined | null | false>,
  { timeoutMs = 60000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
