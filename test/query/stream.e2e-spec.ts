import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ApiKeyRegistry } from '@storyline/access';
import { createDataSource } from '@storyline/database';
import { Stack } from '../support/stack';
import { SseClient } from '../support/sse-client';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';
import { HttpApps, listenHttpApps } from '../support/http-apps';

const EXAMPLES = join(__dirname, '..', '..', 'examples', 'articles');
const example = (name: string) => readFileSync(join(EXAMPLES, name), 'utf8');

/**
 * GET /v1/stream through the real pipeline (normalize, dedupe, entities; no webhooks worker, so nothing relays the
 * outbox): a story's events arrive as they commit, a reconnection with Last-Event-ID resumes with no gap and no
 * repeat, filters leave out what they should, heartbeats come, and closing the app ends the open streams.
 */
describe('live stream', () => {
  let env: TestEnvironment;
  let stack: Stack;
  let db: DataSource;
  const clients: SseClient[] = [];

  const open = async (query = '', headers: Record<string, string> = {}) => {
    const client = await SseClient.open(`${stack.queryUrl}/v1/stream${query}`, headers);
    clients.push(client);
    return client;
  };
  const post = async (file: string, source: string) => {
    const res = await stack.postArticle({ source, externalId: file, body: example(file) });
    expect(res.status).toBe(202);
    const [view] = await stack.waitForArticles([res.body.id]);
    expect(view.status).toBe('done');
    return view;
  };
  /** Every event in the outbox, in stream order, as `<event id> <type>`. */
  const outbox = async () =>
    ((await db.query(`SELECT id, type FROM story_event ORDER BY xact_id, seq`)) as { id: string; type: string }[]).map(
      (e) => `${e.id} ${e.type}`,
    );
  const seen = (client: SseClient) => client.events().map((e) => `${e.body.id} ${e.event}`);

  beforeAll(async () => {
    env = await createTestEnvironment('live_stream', { STREAM_POLL_MS: '100', STREAM_HEARTBEAT_MS: '300' });
    stack = await Stack.start(env.config, ['normalize', 'dedupe', 'entities']);
    db = await createDataSource({ url: env.config.DATABASE_URL, poolSize: 2 }).initialize();
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await stack?.stop();
    await db?.destroy();
    await env?.teardown();
  });

  it('refuses unknown and malformed parameters and resume ids with 400 problem+json', async () => {
    for (const query of [
      '?since=1',
      '?eventTypes=story.deleted',
      '?entityIds=not-a-uuid',
      '?sources=a&sources=b',
      '?lastEventId=42',
      '?lastEventId=1-99999999999999999999',
    ]) {
      const client = await open(query);
      await client.waitFor((c) => c.ended);
      expect([query, client.status, client.headers['content-type']]).toEqual([
        query,
        400,
        expect.stringContaining('application/problem+json'),
      ]);
    }
    const badHeader = await open('', { 'last-event-id': 'abc' });
    await badHeader.waitFor((c) => c.ended);
    expect(badHeader.status).toBe(400);
    expect(JSON.parse(badHeader.text).type).toContain('invalid-cursor');
  });

  it('streams events as they commit, resumes without gap or repeat, filters, and sends heartbeats', async () => {
    const all = await open();
    expect(all.status).toBe(200);
    expect(all.headers['content-type']).toContain('text/event-stream');
    await all.waitFor((c) => c.comments.includes('stream open'));
    const libraryOnly = await open('?sources=library');
    const createdOnly = await open('?eventTypes=story.created');
    const failedOnly = await open('?eventTypes=article.failed');
    const resumed = await open();

    // A story, then a republished copy of it: story.created, then story.updated.
    const wire = await post('01-wire-storm-surge.txt', 'wire');
    const storyId = wire.storyId;
    await all.waitFor((c) => c.events().some((e) => e.event === 'story.created' && e.body.data.id === storyId));
    await resumed.waitFor((c) => c.messages.length >= all.messages.length);
    const resumeFrom = resumed.lastId!;
    const before = seen(resumed);
    resumed.close();

    await post('02-republished-with-caption.txt', 'republisher');
    await post('06-unrelated-library-newsletter.txt', 'library');
    const expected = await outbox();
    await all.waitFor((c) => c.messages.length === expected.length);
    // Every committed event, in the outbox's order, each once, with its payload as webhooks send it.
    expect(seen(all)).toEqual(expected);
    for (const event of all.events()) {
      expect(event.body).toMatchObject({ type: event.event, schemaVersion: 1, data: expect.anything() });
      expect(event.id).toMatch(/^\d+-\d+$/);
    }
    expect(all.events().map((e) => e.event)).toEqual(expect.arrayContaining(['story.created', 'story.updated']));

    // Reconnected with Last-Event-ID (the header wins over a stale ?lastEventId): exactly what it missed.
    const back = await open(`?lastEventId=${encodeURIComponent(all.messages[0].id!)}`, { 'last-event-id': resumeFrom });
    await back.waitFor((c) => c.messages.length + before.length === expected.length);
    expect([...before, ...seen(back)]).toEqual(expected);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(back.messages.length + before.length).toBe(expected.length);

    // Filters: sources of the story, event types.
    await libraryOnly.waitFor((c) => c.messages.length >= 1);
    expect(libraryOnly.events().every((e) => e.body.data.sources.includes('library'))).toBe(true);
    expect(libraryOnly.events().some((e) => e.body.data.id === storyId)).toBe(false);
    await createdOnly.waitFor((c) => c.messages.length >= 2);
    expect(createdOnly.events().map((e) => e.event)).toEqual(
      all
        .events()
        .filter((e) => e.event === 'story.created')
        .map(() => 'story.created'),
    );
    expect(failedOnly.messages).toEqual([]);

    // Heartbeats every STREAM_HEARTBEAT_MS, on every stream.
    expect(all.comments.filter((c) => c === 'heartbeat').length).toBeGreaterThanOrEqual(2);
    expect(failedOnly.comments).toContain('heartbeat');
  });

  it('ends the open streams when the app closes, well within the grace', async () => {
    const client = await open();
    await client.waitFor((c) => c.comments.includes('stream open'));
    const started = Date.now();
    await stack.stop();
    expect(Date.now() - started).toBeLessThan(env.config.SHUTDOWN_GRACE_MS / 2);
    await client.waitFor((c) => c.ended, 5_000);
    expect(client.comments.some((c) => c.startsWith('server shutting down'))).toBe(true);
  });
});

describe('live stream limits and scope', () => {
  let env: TestEnvironment;
  let apps: HttpApps;
  let db: DataSource;
  const keys: Record<string, string> = {};
  const clients: SseClient[] = [];

  beforeAll(async () => {
    env = await createTestEnvironment('live_stream_limits', { STREAM_MAX_CONNECTIONS: '2', API_KEY_CACHE_MS: '0' });
    db = await createDataSource({ url: env.config.DATABASE_URL, poolSize: 2 }).initialize();
    const registry = new ApiKeyRegistry(db);
    keys.reader = (await registry.create({ name: 'reader', scopes: ['read'] })).key;
    keys.crawler = (await registry.create({ name: 'crawler', scopes: ['ingest'] })).key;
    apps = await listenHttpApps(env.config);
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await apps?.close();
    await db?.destroy();
    await env?.teardown();
  });

  const open = async (key?: string) => {
    const client = await SseClient.open(`${apps.queryUrl}/v1/stream`, key ? { authorization: `Bearer ${key}` } : {});
    clients.push(client);
    return client;
  };

  it('needs the read scope, and serves STREAM_MAX_CONNECTIONS streams at once', async () => {
    expect((await open()).status).toBe(401);
    expect((await open(keys.crawler)).status).toBe(403);
    const first = await open(keys.reader);
    const second = await open(keys.reader);
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await open(keys.reader);
    await third.waitFor((c) => c.ended);
    expect(third.status).toBe(503);
    expect(third.headers['retry-after']).toBeDefined();
    expect(JSON.parse(third.text).type).toContain('too-many-streams');

    // A client that goes frees its place.
    first.close();
    const again = await new Promise<SseClient>((resolve, reject) => {
      const attempt = async (left: number): Promise<void> => {
        const client = await open(keys.reader);
        if (client.status === 200) return resolve(client);
        if (left === 0) return reject(new Error(`still ${client.status}`));
        setTimeout(() => void attempt(left - 1), 100);
      };
      void attempt(20);
    });
    expect(again.status).toBe(200);
  });
});
