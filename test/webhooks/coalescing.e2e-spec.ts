import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { JobName } from '@storyline/contracts';
import { OutboxRelay, PipelineQueue } from '@storyline/pipeline';
import { Stack } from '../support/stack';
import { createTestEnvironment, TestEnvironment, waitUntil } from '../support/test-environment';
import { WebhookReceiver } from '../support/webhook-receiver';

const EXAMPLES = join(__dirname, '..', '..', 'examples', 'articles');
const files = ['01-wire-storm-surge.txt', '02-republished-with-caption.txt', '03-truncated-copy.txt'];

/**
 * Writes a story's events (version, type, age in seconds) in one transaction: the relay must find them all at
 * once, as it would have found them live.
 */
async function writeStoryEvents(databaseUrl: string, storyId: string, events: Array<[number, string, number]>) {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query('BEGIN');
  for (const [version, type, ageSeconds] of events) {
    const id = randomUUID();
    const payload = { id, type, schemaVersion: 1, timestamp: new Date().toISOString(), data: { id: storyId, version } };
    await db.query(
      `INSERT INTO story_event (id, type, story_id, story_version, payload, created_at)
       VALUES ($1, $2, $3, $4, $5, now() - ($6 || ' seconds')::interval)`,
      [id, type, storyId, version, payload, ageSeconds],
    );
  }
  await db.query('COMMIT');
  await db.end();
}

/** A burst of articles joining one story reaches a subscriber as one story.updated with the latest version. */
describe('coalescing story updates', () => {
  let env: TestEnvironment;
  let stack: Stack;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    env = await createTestEnvironment('coalescing', { WEBHOOK_COALESCE_MS: '3000' });
    stack = await Stack.start(env.config);
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver.stop();
    await env?.teardown();
  });

  it('sends story.created, then one story.updated carrying the final version', async () => {
    const url = await receiver.start();
    await stack.send('POST', '/v1/webhooks', { url });
    const res = await fetch(`${stack.ingestUrl}/v1/articles/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        articles: files.map((f) => ({
          source: 'examples',
          externalId: f,
          body: readFileSync(join(EXAMPLES, f), 'utf8'),
        })),
      }),
    });
    const { results } = (await res.json()) as { results: { id: string }[] };
    const views = await stack.waitForArticles(results.map((r) => r.id));
    expect(new Set(views.map((v) => v.storyId)).size).toBe(1);

    const events = await waitUntil(
      async () => {
        const got = receiver.events();
        return got.some((e) => e.type === 'story.updated') ? got : null;
      },
      { what: 'the coalesced update', timeoutMs: 20_000 },
    );
    await new Promise((r) => setTimeout(r, 1500)); // nothing else may follow
    // Three articles make two or three versions: entities files those of one story it meets together as one.
    const db = new Client({ connectionString: env.config.DATABASE_URL });
    await db.connect();
    const { rows } = await db.query<{ version: number }>(`SELECT version FROM story WHERE id = $1`, [views[0].storyId]);
    await db.end();
    expect(rows[0].version).toBeGreaterThan(1);
    expect(receiver.events().map((e) => [e.type, e.data.version])).toEqual([
      ['story.created', 1],
      ['story.updated', rows[0].version],
    ]);
    expect(events[1].data.articleCount).toBe(3);
  });

  it('still sends a story that never stops changing, once per span of ten windows', async () => {
    const receiver2 = new WebhookReceiver();
    await stack.send('POST', '/v1/webhooks', { url: await receiver2.start() });
    // A story created 40 s ago and updated every second since: versions 2 … 40, the last one a second old.
    // Spans of 10 windows (30 s) from its first event: [−40 s, −10 s) ends with version 30, the next one is open.
    const storyId = randomUUID();
    await writeStoryEvents(
      env.config.DATABASE_URL,
      storyId,
      Array.from({ length: 40 }, (_, i): [number, string, number] => [
        i + 1,
        i === 0 ? 'story.created' : 'story.updated',
        40 - i,
      ]),
    );

    await waitUntil(async () => receiver2.events().some((e) => e.data.version === 40) || null, {
      what: 'the latest version',
      timeoutMs: 20_000,
    });
    await new Promise((r) => setTimeout(r, 1500)); // nothing else may follow
    expect(receiver2.events().map((e) => [e.type, e.data.version])).toEqual([
      ['story.created', 1],
      ['story.updated', 30],
      ['story.updated', 40],
    ]);
    await receiver2.stop();
  });

  it('sends an event that would go out at once after the update of the same story still waiting', async () => {
    const receiver3 = new WebhookReceiver();
    await stack.send('POST', '/v1/webhooks', { url: await receiver3.start() });
    try {
      // Spans of 30 s from the first event, 30.2 s ago: the update (0.5 s ago) closes one span, the merge (now)
      // opens the next, so the update is not dropped for it — it waits its 3 s window while the merge is due now.
      const storyId = randomUUID();
      await writeStoryEvents(env.config.DATABASE_URL, storyId, [
        [1, 'story.created', 30.2],
        [2, 'story.updated', 0.5],
        [3, 'story.merged', 0],
      ]);

      await waitUntil(async () => receiver3.events().some((e) => e.data.version === 3) || null, {
        what: 'the merge',
        timeoutMs: 20_000,
      });
      await new Promise((r) => setTimeout(r, 1500)); // nothing else may follow
      expect(receiver3.events().map((e) => [e.type, e.data.version])).toEqual([
        ['story.created', 1],
        ['story.updated', 2],
        ['story.merged', 3],
      ]);
    } finally {
      await receiver3.stop();
    }
  });
});

describe('relaying a burst of versions', () => {
  let env: TestEnvironment;
  let stack: Stack;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    // No poll during the test: one nudge must relay the whole burst.
    env = await createTestEnvironment('relay_burst', { WEBHOOK_OUTBOX_POLL_MS: '600000' });
    stack = await Stack.start(env.config, ['webhooks']);
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver.stop();
    await env?.teardown();
  });

  it('relays every version of a story in one run, in order', async () => {
    await stack.send('POST', '/v1/webhooks', { url: await receiver.start() });
    const storyId = randomUUID();
    await writeStoryEvents(
      env.config.DATABASE_URL,
      storyId,
      Array.from({ length: 6 }, (_, i): [number, string, number] => [
        i + 1,
        i === 0 ? 'story.created' : 'story.merged',
        0,
      ]),
    );
    const queue = new PipelineQueue(env.config);
    await queue.enqueue(JobName.RelayOutbox, { reason: 'test' });
    await queue.client.close();

    await waitUntil(async () => receiver.events().some((e) => e.data.version === 6) || null, {
      what: 'the last version',
      timeoutMs: 20_000,
    });
    expect(receiver.events().map((e) => e.data.version)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('with coalescing off, delivers every story.updated committed in one transaction, in order', async () => {
    // The versions share one creation time (now() of their transaction): coalescing on would keep only the last.
    const storyId = randomUUID();
    await writeStoryEvents(
      env.config.DATABASE_URL,
      storyId,
      Array.from({ length: 6 }, (_, i): [number, string, number] => [
        i + 1,
        i === 0 ? 'story.created' : 'story.updated',
        0,
      ]),
    );
    const queue = new PipelineQueue(env.config);
    await queue.enqueue(JobName.RelayOutbox, { reason: 'test' });
    await queue.client.close();

    const story = () => receiver.events().filter((e) => e.data.id === storyId);
    await waitUntil(async () => story().some((e) => e.data.version === 6) || null, {
      what: 'the last version',
      timeoutMs: 20_000,
    });
    expect(story().map((e) => [e.type, e.data.version])).toEqual([
      ['story.created', 1],
      ['story.updated', 2],
      ['story.updated', 3],
      ['story.updated', 4],
      ['story.updated', 5],
      ['story.updated', 6],
    ]);
  });

  it('leaves events created after a run began to the next run, so a run under a steady stream ends', async () => {
    const [before, after] = [randomUUID(), randomUUID()];
    await writeStoryEvents(env.config.DATABASE_URL, before, [[1, 'story.created', 0]]);
    // Stamped an hour ahead: as if committed by a writer while the run was going on.
    await writeStoryEvents(env.config.DATABASE_URL, after, [[1, 'story.created', -3600]]);
    const worker = await stack.startWorker('webhooks');
    expect(await worker.get(OutboxRelay, { strict: false }).drain()).toBe(1);

    const db = new Client({ connectionString: env.config.DATABASE_URL });
    await db.connect();
    const { rows } = await db.query(
      `SELECT story_id, relayed_at IS NOT NULL AS relayed FROM story_event WHERE story_id = ANY($1)`,
      [[before, after]],
    );
    await db.end();
    expect(Object.fromEntries(rows.map((r) => [r.story_id, r.relayed]))).toEqual({ [before]: true, [after]: false });
  });
});
