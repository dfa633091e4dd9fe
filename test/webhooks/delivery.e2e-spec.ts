import { Webhook } from 'standardwebhooks';
import { createDataSource } from '@storyline/database';
import { Stack } from '../support/stack';
import { createTestEnvironment, TestEnvironment, waitUntil } from '../support/test-environment';
import { WebhookReceiver } from '../support/webhook-receiver';

/**
 * Webhook delivery against a real receiving server on localhost, with a retry schedule shortened to
 * milliseconds. Events come from POST /v1/webhooks/:id/test, which uses the normal outbox → delivery path.
 */
describe('webhook delivery', () => {
  let env: TestEnvironment;
  let stack: Stack;

  beforeAll(async () => {
    env = await createTestEnvironment('webhooks', { WEBHOOK_RETRY_SCHEDULE: '0,200ms,200ms,200ms,200ms,200ms' });
    stack = await Stack.start(env.config, ['webhooks']);
  });

  afterAll(async () => {
    await stack?.stop();
    await env?.teardown();
  });

  async function subscribe(receiver: WebhookReceiver) {
    const url = await receiver.start();
    const res = await stack.send('POST', '/v1/webhooks', { url });
    expect(res.status).toBe(201);
    return res.body as { id: string; secret: string };
  }

  const headersOf = (call: { headers: Record<string, unknown> }) => ({
    'webhook-id': call.headers['webhook-id'] as string,
    'webhook-timestamp': call.headers['webhook-timestamp'] as string,
    'webhook-signature': call.headers['webhook-signature'] as string,
  });

  it('documents the subscription bodies in the OpenAPI document', async () => {
    const doc: any = await (await fetch(`${stack.queryUrl}/docs/openapi.json`)).json();
    const create = doc.paths['/v1/webhooks'].post.requestBody.content['application/json'].schema;
    expect(create.required).toContain('url');
    expect(doc.paths['/v1/webhooks/{id}/redeliver'].post.requestBody).toBeDefined();
  });

  it('signs every call so that standardwebhooks verifies it', async () => {
    const receiver = new WebhookReceiver();
    const sub = await subscribe(receiver);
    const test = await stack.send('POST', `/v1/webhooks/${sub.id}/test`);
    expect(test.status).toBe(202);
    await waitUntil(async () => receiver.received.length === 1, { what: 'the test event' });
    const event = new Webhook(sub.secret).verify(receiver.received[0].body, headersOf(receiver.received[0])) as any;
    expect(event).toMatchObject({ id: test.body.eventId, type: 'story.updated', schemaVersion: 1 });
    await receiver.stop();
  });

  it('retries a failing receiver with the same webhook-id until it recovers, and logs every attempt', async () => {
    const receiver = new WebhookReceiver();
    receiver.respond = (_call, i) => (i < 3 ? { status: 503, body: 'down for maintenance' } : { status: 200 });
    const sub = await subscribe(receiver);
    const test = await stack.send('POST', `/v1/webhooks/${sub.id}/test`);
    await waitUntil(async () => receiver.received.length === 4, { what: 'four attempts' });
    expect(new Set(receiver.received.map((c) => c.headers['webhook-id']))).toEqual(new Set([test.body.eventId]));
    const log = await waitUntil(
      async () => {
        const { items } = await stack.get(`/v1/webhooks/${sub.id}/deliveries`);
        return items[0]?.status === 'delivered' ? items : null;
      },
      { what: 'the delivery to be marked delivered' },
    );
    expect(log[0].attempts.map((a: any) => a.statusCode)).toEqual([503, 503, 503, 200]);
    expect(log[0].attempts[0].response).toBe('down for maintenance');
    await receiver.stop();
  });

  it('honours 410 Gone by disabling the subscription', async () => {
    const receiver = new WebhookReceiver();
    receiver.respond = () => ({ status: 410 });
    const sub = await subscribe(receiver);
    await stack.send('POST', `/v1/webhooks/${sub.id}/test`);
    const disabled = await waitUntil(
      async () => {
        const s = await stack.get(`/v1/webhooks/${sub.id}`);
        return s.status === 'disabled' ? s : null;
      },
      { what: 'the subscription to be disabled' },
    );
    expect(disabled.disabledReason).toMatch(/410/);
    expect(receiver.received.length).toBe(1);
    await receiver.stop();
  });

  it('sends both signatures during a secret rotation', async () => {
    const receiver = new WebhookReceiver();
    const sub = await subscribe(receiver);
    const rotated = await stack.send('POST', `/v1/webhooks/${sub.id}/rotate-secret`);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    await stack.send('POST', `/v1/webhooks/${sub.id}/test`);
    await waitUntil(async () => receiver.received.length === 1, { what: 'the test event' });
    const call = receiver.received[0];
    expect((call.headers['webhook-signature'] as string).split(' ')).toHaveLength(2);
    expect(() => new Webhook(sub.secret).verify(call.body, headersOf(call))).not.toThrow();
    expect(() => new Webhook(rotated.body.secret).verify(call.body, headersOf(call))).not.toThrow();
    await receiver.stop();
  });

  it('gives every test event a story of its own, so a consumer tracking versions takes none for a replay', async () => {
    const receiver = new WebhookReceiver();
    const sub = await subscribe(receiver);
    await stack.send('POST', `/v1/webhooks/${sub.id}/test`);
    await stack.send('POST', `/v1/webhooks/${sub.id}/test`);
    await waitUntil(async () => receiver.received.length === 2, { what: 'two test events' });
    const [a, b] = receiver.events();
    expect(a.data).toMatchObject({ test: true, version: 1 });
    expect(b.data.id).not.toBe(a.data.id);
    await receiver.stop();
  });

  it('revokes the previous secret at once when rotated with grace 0', async () => {
    const receiver = new WebhookReceiver();
    const sub = await subscribe(receiver);
    const rotated = await stack.send('POST', `/v1/webhooks/${sub.id}/rotate-secret`, { grace: '0' });
    expect(rotated.body.previousSecretsValidUntil).toEqual([]);
    await stack.send('POST', `/v1/webhooks/${sub.id}/test`);
    await waitUntil(async () => receiver.received.length === 1, { what: 'the test event' });
    const call = receiver.received[0];
    expect((call.headers['webhook-signature'] as string).split(' ')).toHaveLength(1);
    expect(() => new Webhook(sub.secret).verify(call.body, headersOf(call))).toThrow();
    expect(() => new Webhook(rotated.body.secret).verify(call.body, headersOf(call))).not.toThrow();
    expect((await stack.send('POST', `/v1/webhooks/${sub.id}/rotate-secret`, { grace: 'soon' })).status).toBe(400);
    await receiver.stop();
  });

  it('holds no row lock while a call is in flight, and has counted the attempt before making it', async () => {
    const receiver = new WebhookReceiver();
    receiver.respond = () => ({ status: 204, delayMs: 1_500 });
    const sub = await subscribe(receiver);
    await stack.send('POST', `/v1/webhooks/${sub.id}/test`);
    await waitUntil(async () => receiver.received.length === 1 || null, { what: 'the call to begin' });
    const db = createDataSource({ url: env.config.DATABASE_URL, poolSize: 1 });
    await db.initialize();
    // NOWAIT fails at once if the attempt still held the row while its receiver takes its time.
    const [inFlight] = await db.transaction((tx) =>
      tx.query(
        `SELECT status, attempt_count, next_attempt_at > now() AS leased FROM webhook_delivery
          WHERE subscription_id = $1 FOR UPDATE NOWAIT`,
        [sub.id],
      ),
    );
    expect(inFlight).toEqual({ status: 'pending', attempt_count: 1, leased: true });
    await db.destroy();
    await waitUntil(async () => {
      const page = await stack.get(`/v1/webhooks/${sub.id}/deliveries`);
      return page.items[0]?.status === 'delivered' || null;
    });
    await receiver.stop();
  });

  it('loses nothing when the webhooks worker is killed mid-retry', async () => {
    const receiver = new WebhookReceiver();
    let healthy = false;
    receiver.respond = () => (healthy ? { status: 200 } : { status: 500 });
    const sub = await subscribe(receiver);
    const test = await stack.send('POST', `/v1/webhooks/${sub.id}/test`);
    await waitUntil(async () => receiver.received.length >= 1, { what: 'a first failing attempt' });
    await stack.stopWorker('webhooks');
    healthy = true;
    await stack.startWorker('webhooks');
    await waitUntil(
      async () => receiver.received.some((c) => c.headers['webhook-id'] === test.body.eventId && healthy),
      { what: 'the retried event after restart' },
    );
    const { items } = await waitUntil(async () => {
      const page = await stack.get(`/v1/webhooks/${sub.id}/deliveries`);
      return page.items[0]?.status === 'delivered' ? page : null;
    });
    expect(items[0].eventId).toBe(test.body.eventId);
    await receiver.stop();
  });

  it('replays events on request, with the original webhook-id', async () => {
    const receiver = new WebhookReceiver();
    const sub = await subscribe(receiver);
    const test = await stack.send('POST', `/v1/webhooks/${sub.id}/test`);
    await waitUntil(async () => receiver.received.length === 1);
    const replay = await stack.send('POST', `/v1/webhooks/${sub.id}/redeliver`, { eventId: test.body.eventId });
    expect(replay.body).toEqual({ redelivered: 1 });
    await waitUntil(async () => receiver.received.length === 2, { what: 'the redelivery' });
    expect(receiver.received[1].headers['webhook-id']).toBe(test.body.eventId);
    await receiver.stop();
  });
});

describe('webhook URLs without the private-network allowance', () => {
  let env: TestEnvironment;
  let stack: Stack;

  beforeAll(async () => {
    env = await createTestEnvironment('webhooks_ssrf', { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false' });
    stack = await Stack.start(env.config, []);
  });

  afterAll(async () => {
    await stack?.stop();
    await env?.teardown();
  });

  it.each(['http://127.0.0.1:9/hook', 'http://localhost/hook', 'http://169.254.169.254/latest', 'http://10.1.2.3/x'])(
    'refuses %s',
    async (url) => {
      const res = await stack.send('POST', '/v1/webhooks', { url });
      expect(res.status).toBe(400);
      expect(res.body.type).toMatch(/webhook-url-refused/);
    },
  );
});

describe('an endpoint that keeps failing', () => {
  let env: TestEnvironment;
  let stack: Stack;

  beforeAll(async () => {
    env = await createTestEnvironment('webhooks_disable', {
      WEBHOOK_RETRY_SCHEDULE: '0,300ms,300ms,300ms,300ms,300ms,300ms,300ms',
      WEBHOOK_DISABLE_AFTER: '1s',
    });
    stack = await Stack.start(env.config, ['webhooks']);
  });

  afterAll(async () => {
    await stack?.stop();
    await env?.teardown();
  });

  it('is disabled once it has failed continuously for WEBHOOK_DISABLE_AFTER, with the reason kept', async () => {
    const receiver = new WebhookReceiver();
    receiver.respond = () => ({ status: 500 });
    const url = await receiver.start();
    const sub = (await stack.send('POST', '/v1/webhooks', { url })).body;
    await stack.send('POST', `/v1/webhooks/${sub.id}/test`);
    const disabled = await waitUntil(
      async () => {
        const s = await stack.get(`/v1/webhooks/${sub.id}`);
        return s.status === 'disabled' ? s : null;
      },
      { what: 'the subscription to be disabled' },
    );
    expect(disabled.disabledReason).toMatch(/failing continuously/);
    expect(receiver.received.length).toBeGreaterThanOrEqual(3);
    await receiver.stop();
  });

  it('is not disabled by a slow failure that ends after another delivery showed it has recovered', async () => {
    const receiver = new WebhookReceiver();
    // The first call hangs, then fails; every other call (the second event, the first one's retry) succeeds.
    receiver.respond = (_call, index) => (index === 0 ? { status: 500, delayMs: 1_500 } : { status: 204 });
    const url = await receiver.start();
    const sub = (await stack.send('POST', '/v1/webhooks', { url })).body;
    // Failing for an hour already, far past WEBHOOK_DISABLE_AFTER (1 s), when the first call begins.
    const db = createDataSource({ url: env.config.DATABASE_URL, poolSize: 1 });
    await db.initialize();
    await db.query(`UPDATE webhook_subscription SET failing_since = now() - interval '1 hour' WHERE id = $1`, [sub.id]);
    await db.destroy();

    await stack.send('POST', `/v1/webhooks/${sub.id}/test`);
    await waitUntil(async () => receiver.received.length >= 1 || null, { what: 'the first call' });
    await stack.send('POST', `/v1/webhooks/${sub.id}/test`);
    await waitUntil(async () => receiver.received.length >= 3 || null, { what: 'the second event and the retry' });

    const after = await stack.get(`/v1/webhooks/${sub.id}`);
    expect(after.status).toBe('active');
    expect(after.disabledReason ?? null).toBeNull();
    await receiver.stop();
  });
});
