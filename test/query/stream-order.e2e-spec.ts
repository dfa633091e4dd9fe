import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource } from '@storyline/database';
import { StoryStreamReader, StreamPosition } from '@storyline/pipeline';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

const TYPES = ['story.created', 'story.updated', 'story.merged', 'article.failed'];

/**
 * The live stream's order against commits that come out of order, on Postgres: an event whose transaction is
 * still running holds back every event of a later transaction, and shows before them once it commits — whichever
 * took its bigserial first.
 */
describe('live stream order', () => {
  let env: TestEnvironment;
  let db: DataSource;
  let reader: StoryStreamReader;
  const sessions: Client[] = [];

  const session = async () => {
    const client = new Client({ connectionString: env.config.DATABASE_URL });
    await client.connect();
    sessions.push(client);
    return client;
  };
  const insertEvent = async (
    client: { query(sql: string, params: unknown[]): Promise<unknown> },
    marker: string,
    padding = 0,
  ) => {
    const id = randomUUID();
    const payload = {
      id,
      type: 'story.updated',
      schemaVersion: 1,
      timestamp: new Date().toISOString(),
      data: { marker, padding: 'x'.repeat(padding) },
    };
    await client.query(`INSERT INTO story_event (id, type, payload) VALUES ($1, 'story.updated', $2)`, [id, payload]);
  };
  /** What shows after `position` now (nothing more comes without a commit). */
  const drain = async (position: StreamPosition) => {
    const markers: string[] = [];
    for (;;) {
      const { events, settled } = await reader.read(position, TYPES, 100);
      markers.push(...events.map((e) => (e.payload.data as { marker: string }).marker));
      position = settled;
      if (!events.length) return { markers, position };
    }
  };
  /**
   * Reads on until `count` events have shown (the database's other sessions — another test file — may hold the
   * horizon back a moment), then once more to see that nothing else does.
   */
  const drainUntil = async (position: StreamPosition, count: number) => {
    const markers: string[] = [];
    const deadline = Date.now() + 15_000;
    while (markers.length < count && Date.now() < deadline) {
      const read = await drain(position);
      markers.push(...read.markers);
      position = read.position;
      if (markers.length < count) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const rest = await drain(position);
    return { markers: [...markers, ...rest.markers], position: rest.position };
  };

  beforeAll(async () => {
    env = await createTestEnvironment('live_stream_order');
    db = await createDataSource({ url: env.config.DATABASE_URL, poolSize: 2 }).initialize();
    reader = new StoryStreamReader(db);
  });

  afterAll(async () => {
    for (const client of sessions) await client.end().catch(() => undefined);
    await db?.destroy();
    await env?.teardown();
  });

  it('never sends an event after one of a later transaction, whatever their sequence numbers', async () => {
    let position = await reader.head();
    const [older, newer, late] = [await session(), await session(), await session()];

    // `older` takes its transaction id first, then its event's sequence number last.
    await older.query('BEGIN');
    await older.query('SELECT pg_current_xact_id()');
    // `late` takes a sequence number early and commits last.
    await late.query('BEGIN');
    await insertEvent(late, 'late');
    await insertEvent(newer, 'newer'); // commits at once
    await insertEvent(older, 'older');

    // Nothing shows while older transactions run: `newer` committed, but an earlier transaction could still write.
    let read = await drain(position);
    expect(read.markers).toEqual([]);
    position = read.position;

    await older.query('COMMIT');
    read = await drainUntil(position, 1);
    // `older` is done; `late` (a later transaction than older) still runs, so `newer` waits behind it.
    expect(read.markers).toEqual(['older']);
    position = read.position;

    await late.query('COMMIT');
    read = await drainUntil(position, 2);
    expect(read.markers).toEqual(['late', 'newer']);
    position = read.position;

    // A rolled-back event never shows, and does not hold anything back.
    await older.query('BEGIN');
    await insertEvent(older, 'rolled back');
    await older.query('ROLLBACK');
    await insertEvent(db, 'after');
    read = await drainUntil(position, 1);
    expect(read.markers).toEqual(['after']);
  });
});
