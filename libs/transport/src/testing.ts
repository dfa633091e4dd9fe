// Helpers for this lib's integration tests (not exported from index.ts): a real Redis, a key prefix per
// test file so parallel Jest workers never see each other's queues, and cleanup of that prefix.
import { createRedisConnection, deleteKeysWithPrefix as deleteKeys } from './redis-connection';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function uniquePrefix(name: string): string {
  return `test-transport-${name}-${process.pid}-${Date.now()}`;
}

/** Deletes every key under `prefix:` (SCAN, not KEYS, so a shared Redis is not blocked). */
export async function deleteKeysWithPrefix(prefix: string): Promise<void> {
  const redis = createRedisConnection(REDIS_URL);
  try {
    await deleteKeys(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A promise a test can resolve from outside, to hold a handler mid-job. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}
