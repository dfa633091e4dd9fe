import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { ApiKeyRegistry } from '@storyline/access';
import { createDataSource } from '@storyline/database';
import { createTestEnvironment, TestEnvironment, waitUntil } from '../support/test-environment';
import { WebhookReceiver } from '../support/webhook-receiver';

const ROOT = join(__dirname, '..', '..');
const REGISTER = join(ROOT, 'test', 'support', 'ts-register.cjs');
const BOOTSTRAP_KEY = 'bootstrap-key-harbour-0123456789';
const example = (name: string) => readFileSync(join(ROOT, 'examples', 'articles', name), 'utf8');

/**
 * Keys and webhook secrets never reach the logs. The whole stack runs in a process of its own at LOG_LEVEL=trace;
 * a full flow — keys made with the CLI, articles ingested, refused requests of every kind, a webhook subscribed,
 * its secret rotated, events delivered and signed — and then everything the process wrote is searched for every
 * key and secret used, and for the forms they travel in (Basic credentials, a secret's base64 body).
 */
describe('secrets in logs', () => {
  let env: TestEnvironment;
  let db: DataSource;
  let stack: ChildProcess;
  let logs = '';
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    env = await createTestEnvironment('log_secrets', {
      API_KEYS: BOOTSTRAP_KEY,
      INGEST_RATE_LIMIT: '4',
      QUERY_RATE_LIMIT: '0',
      RATE_LIMIT_WINDOW_MS: '3600000',
    });
    db = await createDataSource({ url: env.config.DATABASE_URL, poolSize: 2 }).initialize();
  });

  afterAll(async () => {
    if (stack && stack.exitCode === null && stack.signalCode === null) stack.kill('SIGKILL');
    await receiver.stop();
    await db?.destroy();
    await env?.teardown();
  });

  const processEnv = () => ({
    ...process.env,
    DATABASE_URL: env.config.DATABASE_URL,
    REDIS_URL: env.config.REDIS_URL,
    QUEUE_PREFIX: env.config.QUEUE_PREFIX,
    API_KEYS: BOOTSTRAP_KEY,
    API_KEY_CACHE_MS: '200',
    INGEST_RATE_LIMIT: '4',
    QUERY_RATE_LIMIT: '0',
    RATE_LIMIT_WINDOW_MS: '3600000',
    LOG_LEVEL: 'trace',
    HOST: '127.0.0.1',
    INGEST_PORT: '0',
    QUERY_PORT: '0',
    JOB_BACKOFF_MS: '100',
    SWEEP_INTERVAL_MS: '1000',
    WEBHOOK_OUTBOX_POLL_MS: '200',
    WEBHOOK_COALESCE_MS: '0',
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  });

  const createKey = (name: string, scope: string): Promise<string> =>
    new Promise((resolve, reject) =>
      execFile(
        process.execPath,
        [
          '--require',
          REGISTER,
          join(ROOT, 'tools', 'cli', 'main.ts'),
          'keys',
          'create',
          '--name',
          name,
          '--scope',
          scope,
        ],
        { cwd: ROOT, env: processEnv() },
        (error, stdout, stderr) => (error ? reject(new Error(stderr)) : resolve(stdout.trim())),
      ),
    );

  const startStack = async (): Promise<{ ingestUrl: string; queryUrl: string }> => {
    stack = spawn(process.execPath, ['--require', REGISTER, join(ROOT, 'test', 'support', 'stack-main.ts')], {
      cwd: ROOT,
      env: processEnv(),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    stack.stdout!.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    stack.stderr!.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    return new Promise((resolve, reject) => {
      stack.once('message', (urls) => resolve(urls as { ingestUrl: string; queryUrl: string }));
      stack.once('exit', (code) => reject(new Error(`the stack exited (${code}) before it served:\n${logs}`)));
    });
  };

  const stopStack = async () => {
    const exited = new Promise((resolve) => stack.once('exit', resolve));
    stack.kill('SIGTERM');
    const timer = setTimeout(() => stack.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  };

  it('writes no key or secret of a full flow to the logs', async () => {
    const keys = {
      crawler: await createKey('wire-crawler', 'ingest'),
      reader: await createKey('newsroom-reader', 'read'),
      operator: await createKey('operator', 'admin'),
    };
    const hammer = (await new ApiKeyRegistry(db).create({ name: 'hammer', scopes: ['ingest'] })).key;
    const unknown = 'sl_NeverIssuedButSentAnywayByAConfusedCrawler012';
    const { ingestUrl, queryUrl } = await startStack();
    const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
    const basic = (key: string) => `Basic ${Buffer.from(`operator:${key}`).toString('base64')}`;
    const json = { 'content-type': 'application/json' };

    // A subscription, its secret rotated (both secrets sign until the grace period ends).
    const hookUrl = await receiver.start();
    const subscribed = await fetch(`${queryUrl}/v1/webhooks`, {
      method: 'POST',
      body: JSON.stringify({ url: hookUrl, eventTypes: ['story.created'] }),
      headers: { ...json, ...bearer(keys.operator) },
    });
    expect(subscribed.status).toBe(201);
    const subscription = (await subscribed.json()) as { id: string; secret: string };
    const rotated = await fetch(`${queryUrl}/v1/webhooks/${subscription.id}/rotate-secret`, {
      method: 'POST',
      headers: bearer(BOOTSTRAP_KEY),
    });
    const { secret: rotatedSecret } = (await rotated.json()) as { secret: string };

    // Articles from the crawler, as JSON and as text.
    const ids: string[] = [];
    for (const name of ['01-wire-storm-surge.txt', '02-republished-with-caption.txt']) {
      const res = await fetch(`${ingestUrl}/v1/articles`, {
        method: 'POST',
        body: JSON.stringify({ source: 'wire', externalId: name, body: example(name) }),
        headers: { ...json, ...bearer(keys.crawler) },
      });
      expect(res.status).toBe(202);
      ids.push(((await res.json()) as { id: string }).id);
    }
    const text = await fetch(`${ingestUrl}/v1/articles?source=site&externalId=bakery`, {
      method: 'POST',
      body: example('07-unrelated-bakery-strike.txt'),
      headers: { 'content-type': 'text/plain', ...bearer(keys.crawler) },
    });
    expect(text.status).toBe(202);
    ids.push(((await text.json()) as { id: string }).id);

    // Refusals of every kind, each with a key in its request.
    const refusals = [
      await fetch(`${queryUrl}/v1/stories`, { headers: bearer(keys.crawler) }),
      await fetch(`${queryUrl}/v1/webhooks`, { headers: bearer(keys.reader) }),
      await fetch(`${ingestUrl}/v1/articles`, { method: 'POST', body: '{}', headers: { ...json, ...bearer(unknown) } }),
      await fetch(`${queryUrl}/queues/api/queues`, { headers: { authorization: basic(keys.reader) } }),
      await fetch(`${ingestUrl}/v1/articles`, {
        method: 'POST',
        body: '{"title":',
        headers: { ...json, ...bearer(keys.crawler) },
      }),
    ];
    expect(refusals.map((r) => r.status)).toEqual([403, 403, 401, 403, 400]);
    const hammered = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${ingestUrl}/v1/articles`, {
        method: 'POST',
        body: JSON.stringify({ source: 'hammer', externalId: `h-${i}`, title: 'Quay closed for repairs' }),
        headers: { ...json, ...bearer(hammer) },
      });
      hammered.push(res.status);
    }
    expect(hammered).toEqual([202, 202, 202, 202, 429]);
    expect(
      (await fetch(`${queryUrl}/queues/api/queues`, { headers: { authorization: basic(keys.operator) } })).status,
    ).toBe(200);

    // The articles run through the pipeline, and their stories are delivered, signed with both secrets.
    await waitUntil(
      async () => {
        const views = await Promise.all(
          ids.map(
            async (id) =>
              (await (await fetch(`${queryUrl}/v1/articles/${id}`, { headers: bearer(keys.reader) })).json()) as any,
          ),
        );
        return views.every((v) => v.status === 'done');
      },
      { timeoutMs: 90_000, what: 'the articles done' },
    );
    await waitUntil(async () => receiver.received.length > 0, { timeoutMs: 30_000, what: 'a webhook delivered' });
    const call = receiver.received[0];
    const headers = {
      'webhook-id': String(call.headers['webhook-id']),
      'webhook-timestamp': String(call.headers['webhook-timestamp']),
      'webhook-signature': String(call.headers['webhook-signature']),
    };
    for (const secret of [subscription.secret, rotatedSecret]) {
      expect(() => new Webhook(secret).verify(call.body, headers)).not.toThrow();
    }
    await stopStack();

    // The logs hold the flow — request lines naming keys by id, deliveries — so their silence below means something.
    const crawlerId = (await new ApiKeyRegistry(db).list()).find((k) => k.name === 'wire-crawler')!.id;
    expect(logs).toContain(`"apiKey":"${crawlerId}"`);
    expect(logs).toContain('"apiKey":"API_KEYS#1"');
    expect(logs).toContain('webhook delivered');
    expect(logs).toContain('"statusCode":429');

    const secrets: Record<string, string> = {
      ...keys,
      hammer,
      unknown,
      bootstrap: BOOTSTRAP_KEY,
      'reader as Basic credentials': basic(keys.reader).slice('Basic '.length),
      'operator as Basic credentials': basic(keys.operator).slice('Basic '.length),
      'webhook secret': subscription.secret,
      'webhook secret, its key material': subscription.secret.slice('whsec_'.length),
      'rotated webhook secret': rotatedSecret,
      'rotated webhook secret, its key material': rotatedSecret.slice('whsec_'.length),
    };
    const found = Object.entries(secrets)
      .filter(([, secret]) => logs.includes(secret))
      .map(([name]) => name);
    expect(found).toEqual([]);
  });
});
