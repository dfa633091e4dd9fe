import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { OutboxRelay, WebhookDeliveries } from '@storyline/pipeline';
import { Stack } from '../support/stack';
import { createTestEnvironment, TestEnvironment, waitUntil } from '../support/test-environment';
import { WebhookReceiver } from '../support/webhook-receiver';

const EXAMPLES = join(__dirname, '..', '..', 'examples', 'articles');
const example = (name: string) => readFileSync(join(EXAMPLES, name), 'utf8');

/** Versions 1, 2, … of a new story, relayed, each with a delivery to `subscriptionId` in the given state. */
async function writeVersions(
  db: Client,
  subscriptionId: string,
  storyId: string,
  deliveries: { status: 'pending' | 'delivered'; attempts: number }[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, { status, attempts }] of deliveries.entries()) {
    const [version, eventId, deliveryId] = [i + 1, randomUUID(), randomUUID()];
    const type = version === 1 ? 'story.created' : 'story.updated';
    const payload = {
      id: eventId,
      type,
      schemaVersion: 1,
      timestamp: new Date().toISOString(),
      data: { id: storyId, version },
    };
    await db.query(
      `INSERT INTO story_event (id, type, story_id, story_version, payload, relayed_at) VALUES ($1, $2, $3, $4, $5, now())`,
      [eventId, type, storyId, version, payload],
    );
    await db.query(
      `INSERT INTO webhook_delivery (id, subscription_id, event_id, story_id, story_version, status, attempt_count, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now() + interval '1 hour')`,
      [deliveryId, subscriptionId, eventId, storyId, version, status, attempts],
    );
    ids.push(deliveryId);
  }
  return ids;
}

/**
 * Per subscription, a story's events arrive in version order even when the receiver fails and earlier
 * versions are being retried: a later version waits for the earlier one. Articles are the team's own
 * examples (a wire story and two republished copies of it), posted one after the other.
 */
describe('story events in version order under retries', () => {
  let env: TestEnvironment;
  let stack: Stack;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    env = await createTestEnvironment('story_order', {
      WEBHOOK_RETRY_SCHEDULE: '0,300ms,300ms,300ms,300ms,300ms',
      WEBHOOK_COALESCE_MS: '0',
    });
    stack = await Stack.start(env.config);
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver.stop();
    await env?.teardown();
  });

  it('never sends a version after a later one', async () => {
    receiver.respond = (_call, i) => (i < 3 ? { status: 500 } : { status: 200 });
    const url = await receiver.start();
    expect((await stack.send('POST', '/v1/webhooks', { url })).status).toBe(201);

    const files = ['01-wire-storm-surge.txt', '02-republished-with-caption.txt', '03-truncated-copy.txt'];
    const ids: string[] = [];
    for (const file of files) {
      const res = await stack.postArticle({ source: 'examples', externalId: file, body: example(file) });
      ids.push(res.body.id);
      await stack.waitForArticles([res.body.id]);
    }
    const views = await stack.waitForArticles(ids);
    const storyId = views[0].storyId;
    expect(views.map((v) => v.storyId)).toEqual([storyId, storyId, storyId]);

    const delivered = await waitUntil(
      async () => {
        const ok = receiver.received.filter((_c, i) => i >= 3).map((c) => JSON.parse(c.body));
        return ok.length >= 3 ? ok : null;
      },
      { what: 'three delivered story events', timeoutMs: 30_000 },
    );
    const versionsSent = receiver.events().map((e) => e.data.version as number);
    for (let i = 1; i < versionsSent.length; i++) expect(versionsSent[i]).toBeGreaterThanOrEqual(versionsSent[i - 1]);
    expect(delivered.map((e) => e.data.version)).toEqual([1, 2, 3]);
    expect(delivered.map((e) => e.type)).toEqual(['story.created', 'story.updated', 'story.updated']);
  });

  it('still sends a held version whose release was lost, once it is overdue', async () => {
    const held = new WebhookReceiver();
    const url = await held.start();
    const sub = (await stack.send('POST', '/v1/webhooks', { url })).body;
    const db = new Client({ connectionString: env.config.DATABASE_URL });
    await db.connect();
    // Version 1 of a story still being retried, version 2 waiting behind it.
    const storyId = randomUUID();
    const deliveries = await writeVersions(db, sub.id, storyId, [
      { status: 'pending', attempts: 1 },
      { status: 'pending', attempts: 0 },
    ]);
    const worker = await stack.startWorker('webhooks');
    await worker.get(WebhookDeliveries, { strict: false }).attempt(deliveries[1], 1);
    const heldRow = (
      await db.query(`SELECT status, next_attempt_at FROM webhook_delivery WHERE id = $1`, [deliveries[1]])
    ).rows[0];
    expect(heldRow.status).toBe('pending');
    expect(heldRow.next_attempt_at).not.toBeNull();

    // Version 1 settles, but the job that should release version 2 is lost; an hour later the sweep finds it.
    await db.query(`UPDATE webhook_delivery SET status = 'delivered', next_attempt_at = NULL WHERE id = $1`, [
      deliveries[0],
    ]);
    await db.query(`UPDATE webhook_delivery SET next_attempt_at = now() - interval '1 hour' WHERE id = $1`, [
      deliveries[1],
    ]);
    // Now rather than at the next poll; the worker's own poll (every WEBHOOK_OUTBOX_POLL_MS) may have done it first.
    await worker.get(OutboxRelay, { strict: false }).requeueOverdue(0);
    await waitUntil(async () => held.events().some((e) => e.data.id === storyId && e.data.version === 2) || null, {
      what: 'the released version 2',
    });
    await db.end();
    await held.stop();
  });

  it('sends a released version whose row is still locked by the claim that held it, once that claim commits', async () => {
    const late = new WebhookReceiver();
    const sub = (await stack.send('POST', '/v1/webhooks', { url: await late.start() })).body;
    const db = new Client({ connectionString: env.config.DATABASE_URL });
    await db.connect();
    const storyId = randomUUID();
    // Version 1 was just delivered; version 2 was marked held by a claim that has not committed yet.
    const [, v2] = await writeVersions(db, sub.id, storyId, [
      { status: 'delivered', attempts: 1 },
      { status: 'pending', attempts: 0 },
    ]);
    const claim = new Client({ connectionString: env.config.DATABASE_URL });
    await claim.connect();
    try {
      await claim.query('BEGIN');
      await claim.query(`SELECT id FROM webhook_delivery WHERE id = $1 FOR UPDATE`, [v2]);

      // The release queued by version 1's settlement runs while that claim is still open.
      const worker = await stack.startWorker('webhooks');
      const release = worker.get(WebhookDeliveries, { strict: false }).attempt(v2, 1);
      await new Promise((r) => setTimeout(r, 300));
      await claim.query('COMMIT');
      await release;

      expect(late.events().map((e) => [e.data.id, e.data.version])).toEqual([[storyId, 2]]);
      const [row] = (await db.query(`SELECT status, attempt_count FROM webhook_delivery WHERE id = $1`, [v2])).rows;
      expect(row).toEqual({ status: 'delivered', attempt_count: 1 });
    } finally {
      await claim.end();
      await db.end();
      await late.stop();
    }
  });

  it('sends a version held while the one before it was settling, once that settlement commits', async () => {
    const racing = new WebhookReceiver();
    const sub = (await stack.send('POST', '/v1/webhooks', { url: await racing.start() })).body;
    const db = new Client({ connectionString: env.config.DATABASE_URL });
    await db.connect();
    const storyId = randomUUID();
    // Version 1 is being settled by a transaction that looked for a successor before version 2 existed.
    const [v1, v2] = await writeVersions(db, sub.id, storyId, [
      { status: 'pending', attempts: 1 },
      { status: 'pending', attempts: 0 },
    ]);
    const settlement = new Client({ connectionString: env.config.DATABASE_URL });
    await settlement.connect();
    try {
      await settlement.query('BEGIN');
      await settlement.query(`UPDATE webhook_delivery SET status = 'delivered', next_attempt_at = NULL WHERE id = $1`, [
        v1,
      ]);
      // Version 2's attempt still sees version 1 pending, and holds it.
      const worker = await stack.startWorker('webhooks');
      const attempt = worker.get(WebhookDeliveries, { strict: false }).attempt(v2, 1);
      await new Promise((r) => setTimeout(r, 300));
      await settlement.query('COMMIT');
      await attempt;

      // Released at once, not at the held delivery's recheck a minute later.
      await waitUntil(async () => racing.events().some((e) => e.data.id === storyId && e.data.version === 2) || null, {
        what: 'version 2',
        timeoutMs: 10_000,
      });
    } finally {
      await settlement.end();
      await db.end();
      await racing.stop();
    }
  });

  it('makes the next attempt of a claimed call whose worker died, once its lease has run out', async () => {
    const receiver2 = new WebhookReceiver();
    const sub = (await stack.send('POST', '/v1/webhooks', { url: await receiver2.start() })).body;
    const db = new Client({ connectionString: env.config.DATABASE_URL });
    await db.connect();
    const [eventId, deliveryId, storyId] = [randomUUID(), randomUUID(), randomUUID()];
    const payload = {
      id: eventId,
      type: 'story.created',
      schemaVersion: 1,
      timestamp: new Date().toISOString(),
      data: { id: storyId, version: 1 },
    };
    await db.query(
      `INSERT INTO story_event (id, type, story_id, story_version, payload, relayed_at)
       VALUES ($1, 'story.created', $2, 1, $3, now())`,
      [eventId, storyId, payload],
    );
    // Attempt 1 claimed (counted, leased) by a worker that died before settling; its lease ran out an hour ago.
    await db.query(
      `INSERT INTO webhook_delivery (id, subscription_id, event_id, story_id, story_version, status, attempt_count, next_attempt_at)
       VALUES ($1, $2, $3, $4, 1, 'pending', 1, now() - interval '1 hour')`,
      [deliveryId, sub.id, eventId, storyId],
    );
    const worker = await stack.startWorker('webhooks');
    // Now rather than at the next poll; the worker's own poll (every WEBHOOK_OUTBOX_POLL_MS) may have done it first.
    await worker.get(OutboxRelay, { strict: false }).requeueOverdue(0);
    await waitUntil(async () => receiver2.events().some((e) => e.id === eventId) || null, { what: 'the re-sent call' });
    const row = await waitUntil(async () => {
      const [r] = (await db.query(`SELECT status, attempt_count FROM webhook_delivery WHERE id = $1`, [deliveryId]))
        .rows;
      return r.status === 'delivered' ? r : null;
    });
    expect(row.attempt_count).toBe(2);
    await db.end();
    await receiver2.stop();
  });
});
