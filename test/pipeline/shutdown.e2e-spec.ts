import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { Client } from 'pg';
import { AppProcess, type AppExit } from '../support/app-process';
import { Stack } from '../support/stack';
import { createTestEnvironment, TestEnvironment, waitUntil } from '../support/test-environment';

/**
 * SIGTERM stops every app within 10 s (#24), with the default SHUTDOWN_GRACE_MS (8 s): running jobs finish or go
 * back to their queues, requests still running are cut, and no Postgres session of a stopped app stays behind
 * holding or waiting for locks. The apps are real processes started from their own entry points; the work they
 * are stopped in is made to hang for real (a table locked by the test, a receiver that never answers, a client
 * that never finishes its body).
 */
const STOP_BOUND_MS = 10_000;

jest.setTimeout(240_000);

const expectStoppedInTime = (app: AppProcess, exit: AppExit) => {
  if (exit.afterMs >= STOP_BOUND_MS) {
    throw new Error(`${app.name} took ${exit.afterMs} ms to stop (${exit.code ?? exit.signal}):\n${app.output}`);
  }
};

/** A story's worth of articles: each about its own harbour, so that several stories are decided at once. */
const articles = (batch: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    source: `wire-${batch}`,
    externalId: `${batch}-${i}`,
    title: `Dock workers at harbour ${batch}${i} walk out over night-shift pay`,
    body:
      `PORT ${batch.toUpperCase()}${i} — Dock workers walked out at dawn on Tuesday, leaving the harbour's cranes idle. ` +
      `The union said the strike at berth ${i} would last until the port authority reopened talks on night-shift pay.`,
  }));

/** A transaction of the test's holding a table lock until released. */
async function lockTable(databaseUrl: string, table: string): Promise<{ release(): Promise<void> }> {
  const holder = new Client({ connectionString: databaseUrl });
  await holder.connect();
  await holder.query('BEGIN');
  // EXCLUSIVE: plain reads go on, writes and row locks wait.
  await holder.query(`LOCK TABLE ${table} IN EXCLUSIVE MODE`);
  return {
    async release() {
      await holder.query('COMMIT');
      await holder.end();
    },
  };
}

describe('stage workers stopped while their jobs wait for locks', () => {
  let env: TestEnvironment;
  let stack: Stack;
  let db: Client;
  const running: AppProcess[] = [];
  const held: { release(): Promise<void> }[] = [];

  beforeAll(async () => {
    // No sweep: what the stopped workers were running must come back from their queues alone.
    env = await createTestEnvironment('shutdown_locks', { SWEEP_INTERVAL_MS: '600000' });
    stack = await Stack.start(env.config, []);
    db = new Client({ connectionString: env.config.DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await Promise.all(held.map((lock) => lock.release()));
    await Promise.all(running.map((app) => app.stop('SIGKILL')));
    await db?.end();
    await stack?.stop();
    await env?.teardown();
  });

  const startWorkers = async () => {
    const workers = await Promise.all(
      (['normalize', 'dedupe', 'entities'] as const).map((name) => AppProcess.start(name, env.config)),
    );
    running.push(...workers);
    return workers;
  };
  const post = async (batch: string, count: number): Promise<string[]> => {
    const res = await fetch(`${stack.ingestUrl}/v1/articles/batch`, {
      method: 'POST',
      body: JSON.stringify({ articles: articles(batch, count) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { results: { id: string }[] }).results.map((r) => r.id);
  };
  const sessions = async (apps: string[], waitingForLocks: boolean): Promise<number> =>
    Number(
      (
        await db.query(
          `SELECT count(*) AS n FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = ANY($1)
              AND ($2::boolean IS FALSE OR wait_event_type = 'Lock')`,
          [apps.map((app) => `storyline-${app}`), waitingForLocks],
        )
      ).rows[0].n,
    );
  const hold = async (table: string) => {
    const lock = await lockTable(env.config.DATABASE_URL, table);
    held.push(lock);
    return lock;
  };

  it('stop within 10 s, end their sessions, and every article is done after a restart', async () => {
    const workers = await startWorkers();

    // Entities' filing writes mentions: its jobs wait, each inside its one statement.
    const mentions = await hold('entity_mention');
    const first = await post('a', 12);
    await waitUntil(() => sessions(['entities'], true), { what: 'entities jobs waiting for entity_mention' });
    // A story decision adds its article to story_member last: its jobs wait mid-transaction, holding the article's
    // row, the advisory locks of its bands and the stories it changes.
    const members = await hold('story_member');
    const second = await post('b', 12);
    await waitUntil(() => sessions(['dedupe'], true), { what: 'dedupe decisions waiting for story_member' });

    const exits = await Promise.all(workers.map((worker) => worker.stop('SIGTERM')));
    workers.forEach((worker, i) => expectStoppedInTime(worker, exits[i]));
    running.length = 0;
    // With the test's locks still held, nothing of the stopped workers is left in Postgres: a session still
    // waiting would hold its transaction's locks until the test let go.
    await waitUntil(async () => (await sessions(['normalize', 'dedupe', 'entities'], false)) === 0, {
      what: 'the stopped workers’ sessions to end',
      timeoutMs: 10_000,
    });

    await members.release();
    await mentions.release();
    held.length = 0;
    await startWorkers();
    const views = await stack.waitForArticles([...first, ...second], 120_000);
    expect(views.filter((v) => v.status !== 'done')).toEqual([]);
    // Every decision is whole: each article is in a story, and each live story counts exactly its articles.
    const { rows } = await db.query(
      `SELECT (SELECT count(*) FROM article a LEFT JOIN story s ON s.id = a.story_id WHERE s.id IS NULL)::int AS astray,
              (SELECT count(*) FROM story s WHERE s.merged_into_id IS NULL AND s.article_count <>
                 (SELECT count(*) FROM article a WHERE a.story_id = s.id))::int AS miscounted`,
    );
    expect(rows[0]).toEqual({ astray: 0, miscounted: 0 });
  });
});

describe('the webhooks worker stopped while a receiver keeps a call waiting', () => {
  let env: TestEnvironment;
  let stack: Stack;
  let receiver: Server;
  const calls: IncomingMessage[] = [];
  let webhooks: AppProcess | undefined;

  beforeAll(async () => {
    // Longer than the grace: the call would hold the shutdown for 15 s.
    env = await createTestEnvironment('shutdown_webhooks', { WEBHOOK_TIMEOUT_MS: '15000' });
    stack = await Stack.start(env.config, []);
    // Takes every call and never answers.
    receiver = createServer((req) => calls.push(req));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await webhooks?.stop('SIGKILL');
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
    await stack?.stop();
    await env?.teardown();
  });

  it('stops within 10 s, and the delivery it was making stays pending for a later attempt', async () => {
    webhooks = await AppProcess.start('webhooks', env.config);
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    const subscription = await stack.send('POST', '/v1/webhooks', { url });
    expect(subscription.status).toBe(201);
    expect((await stack.send('POST', `/v1/webhooks/${subscription.body.id}/test`)).status).toBe(202);
    await waitUntil(async () => calls.length > 0, { what: 'the call to the receiver' });

    const exit = await webhooks.stop('SIGTERM');
    expectStoppedInTime(webhooks, exit);
    const deliveries = await stack.get(`/v1/webhooks/${subscription.body.id}/deliveries`);
    expect(deliveries.items.map((d: { status: string }) => d.status)).toEqual(['pending']);
  });
});

describe('ingest stopped while a client is still sending its body', () => {
  let env: TestEnvironment;
  let ingest: AppProcess | undefined;

  beforeAll(async () => {
    env = await createTestEnvironment('shutdown_ingest');
  });

  afterAll(async () => {
    await ingest?.stop('SIGKILL');
    await env?.teardown();
  });

  it('stops within 10 s, cutting the request', async () => {
    ingest = await AppProcess.start('ingest', env.config);
    const { hostname, port } = new URL(ingest.url);
    const client = connect(Number(port), hostname);
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.on('error', () => undefined);
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    client.write(
      'POST /v1/articles HTTP/1.1\r\nHost: ingest\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n' +
        '{"title":"Dock workers walk out",',
    );

    const exit = await ingest.stop('SIGTERM');
    expectStoppedInTime(ingest, exit);
    await closed;
  });
});
