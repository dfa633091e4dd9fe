import { execFileSync } from 'node:child_process';

/**
 * Where the end-to-end tests find Postgres and Redis:
 *  1. DATABASE_URL / REDIS_URL when given (CI on these machines, or a developer's own servers);
 *  2. otherwise containers started by testcontainers when a Docker engine answers;
 *  3. otherwise the local defaults, said loudly.
 * Each test file then makes its own database and queue prefix (see test-infra.ts), so files never share state.
 * Jest runs this in the parent process; the workers it forks afterwards inherit these variables.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL && process.env.REDIS_URL) {
    log(`using DATABASE_URL and REDIS_URL from the environment`);
    return;
  }
  if (dockerAnswers()) {
    process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const { RedisContainer } = await import('@testcontainers/redis');
    log('starting postgres:16-bookworm and redis:7-bookworm with testcontainers');
    const [pg, redis] = await Promise.all([
      process.env.DATABASE_URL
        ? undefined
        : new PostgreSqlContainer('postgres:16-bookworm').withDatabase('storyline').withUsername('postgres').start(),
      process.env.REDIS_URL ? undefined : new RedisContainer('redis:7-bookworm').start(),
    ]);
    if (pg) process.env.DATABASE_URL = pg.getConnectionUri();
    if (redis) process.env.REDIS_URL = redis.getConnectionUrl();
    (globalThis as Record<string, unknown>).__STORYLINE_CONTAINERS__ = [pg, redis].filter(Boolean);
    return;
  }
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/storyline';
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  log(
    `no Docker engine and no DATABASE_URL/REDIS_URL: falling back to ${process.env.DATABASE_URL} and ${process.env.REDIS_URL}`,
  );
}

function dockerAnswers(): boolean {
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'pipe', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

function log(message: string): void {
  process.stderr.write(`[e2e] ${message}\n`);
}
