import type { MinimalJob } from 'bullmq';
import { fetchBackoff, RetryLater } from './fetch-backoff';

const job = { opts: { backoff: { type: 'fetch', delay: 100 } } } as unknown as MinimalJob;

describe('fetchBackoff', () => {
  it('doubles JOB_BACKOFF_MS per attempt, with up to a fifth off', async () => {
    for (const [attempts, full] of [
      [1, 100],
      [2, 200],
      [4, 800],
    ]) {
      const delay = await fetchBackoff(attempts, 'fetch', new Error('timeout'), job);
      expect(delay).toBeLessThanOrEqual(full);
      expect(delay).toBeGreaterThanOrEqual(full * 0.8);
    }
  });

  it("waits out the site's Retry-After when that is longer, up to a day", async () => {
    expect(await fetchBackoff(1, 'fetch', new RetryLater('HTTP 429', 2000), job)).toBe(2000);
    expect(await fetchBackoff(4, 'fetch', new RetryLater('HTTP 503', 50), job)).toBeGreaterThanOrEqual(640);
    expect(await fetchBackoff(1, 'fetch', new RetryLater('HTTP 503', 30 * 86_400_000), job)).toBe(86_400_000);
  });
});
