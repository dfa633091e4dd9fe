import { Client } from 'pg';
import { Stack } from '../support/stack';
import { createTestEnvironment, TestEnvironment, waitUntil } from '../support/test-environment';

interface Times {
  id: string;
  seq: string;
  /** Microseconds since the epoch, as Postgres keeps them (a Date would round to milliseconds). */
  received_us: string;
  normalized_us: string | null;
}

/**
 * Stage timestamps say when each article finished its stage: a batch is received at one moment (one request,
 * one commit), but its articles are normalized one by one, each at its own time.
 */
describe('stage timestamps of the articles of one batch', () => {
  let env: TestEnvironment;
  let stack: Stack;

  beforeAll(async () => {
    // One job at a time: the order the worker meets the batch in is the order it was queued in.
    env = await createTestEnvironment('stage_times', { WORKER_CONCURRENCY: '1', STAGE_BATCH_SIZE: '1' });
    stack = await Stack.start(env.config, ['normalize']);
  });

  afterAll(async () => {
    await stack?.stop();
    await env?.teardown();
  });

  const times = async (ids: string[]): Promise<Times[]> => {
    const db = new Client({ connectionString: env.config.DATABASE_URL });
    await db.connect();
    try {
      const { rows } = await db.query<Times>(
        `SELECT id, seq, (extract(epoch FROM received_at) * 1e6)::bigint::text AS received_us,
                (extract(epoch FROM normalized_at) * 1e6)::bigint::text AS normalized_us
           FROM article WHERE id = ANY($1) ORDER BY seq`,
        [ids],
      );
      return rows;
    } finally {
      await db.end();
    }
  };

  it('shares the receive time, and normalizes in arrival order at distinct, increasing times', async () => {
    // Request order c, b, a against key order a, b, c: the batch is queued in the order it arrived.
    const res = await fetch(`${stack.ingestUrl}/v1/articles/batch`, {
      method: 'POST',
      body: JSON.stringify({
        articles: ['c', 'b', 'a'].map((k) => ({
          source: 'times',
          externalId: k,
          title: `Harbour ferry timetable changes, part ${k}`,
          body: `The ferry company said the ${k} timetable takes effect on Monday. Crossings will run hourly.`,
        })),
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(202);
    const ids: string[] = ((await res.json()) as { results: { id: string }[] }).results.map((r) => r.id);

    const rows = await waitUntil(
      async () => {
        const found = await times(ids);
        return found.every((r) => r.normalized_us !== null) && found;
      },
      { what: 'the batch to be normalized' },
    );
    expect(rows.map((r) => r.id)).toEqual(ids);
    const received = rows.map((r) => BigInt(r.received_us));
    expect(new Set(received).size).toBe(1);
    const normalized = rows.map((r) => BigInt(r.normalized_us!));
    expect(new Set(normalized).size).toBe(ids.length);
    expect([...normalized].sort((a, b) => (a < b ? -1 : 1))).toEqual(normalized);
    expect(normalized[0] > received[0]).toBe(true);
  });
});
