import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { WorkerMetrics } from '@storyline/pipeline';
import { Stack } from '../support/stack';
import { describeWithSharedData, loadSeeds, postSeeds, Seed } from '../support/shared-data';
import { createTestEnvironment, TestEnvironment, waitUntil } from '../support/test-environment';
import { WebhookReceiver } from '../support/webhook-receiver';

/**
 * The five seed articles through the whole stack: real HTTP, real queues, real Postgres, a real webhook
 * receiver. Nothing in the pipeline knows these files; this test only reads them.
 */
describeWithSharedData('seeds')('seed articles end to end', () => {
  let env: TestEnvironment;
  let stack: Stack;
  let receiver: WebhookReceiver;
  let secret: string;
  let seeds: Seed[];
  let ids: Record<string, string> = {};
  let views: Record<string, any> = {};

  beforeAll(async () => {
    // Port 0: each worker serves its /metrics on a free port.
    env = await createTestEnvironment('seeds', {
      NORMALIZE_METRICS_PORT: '0',
      DEDUPE_METRICS_PORT: '0',
      ENTITIES_METRICS_PORT: '0',
      WEBHOOKS_METRICS_PORT: '0',
    });
    stack = await Stack.start(env.config);
    receiver = new WebhookReceiver();
    const url = await receiver.start();
    const sub = await stack.send('POST', '/v1/webhooks', { url, description: 'seeds test' });
    expect(sub.status).toBe(201);
    secret = sub.body.secret;

    seeds = loadSeeds();
    ({ ids, views } = await postSeeds(stack));
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
    await env?.teardown();
  });

  it('brings every article to done', () => {
    for (const [name, view] of Object.entries(views))
      expect([name, view.status, view.error]).toEqual([name, 'done', null]);
  });

  it('links 003 to 002 as a near-duplicate, and nothing else', () => {
    expect(views['003'].canonicalId).toBe(ids['002']);
    expect(views['003'].syndication).toMatchObject({ kind: 'near', canonicalId: ids['002'] });
    expect(views['003'].syndication.containment).toBeGreaterThan(0.8);
    for (const k of ['000', '001', '002', '004']) expect([k, views[k].canonicalId]).toEqual([k, null]);
  });

  it('groups the seeds into the two stories {000, 001, 002, 003} and {004}', () => {
    const story = (k: string) => views[k].storyId;
    expect(new Set(['000', '001', '002', '003'].map(story)).size).toBe(1);
    expect(story('004')).not.toBe(story('000'));
  });

  it('shows the story with its articles and duplicate links', async () => {
    const s = await stack.get(`/v1/stories/${views['002'].storyId}`);
    expect(s.articles.map((a: any) => a.id).sort()).toEqual([ids['000'], ids['001'], ids['002'], ids['003']].sort());
    const copy = s.articles.find((a: any) => a.id === ids['003']);
    expect(copy.syndication.canonicalId).toBe(ids['002']);
    expect(s.articles.find((a: any) => a.id === ids['002']).copies).toEqual([ids['003']]);
    expect(s.articles.find((a: any) => a.id === ids['000']).copies).toEqual([]);
    expect(s.articlesNextCursor).toBeNull();
    const list = await stack.get('/v1/stories');
    expect(list.items.length).toBe(2);
  });

  it('lists articles newest first, by status, page by page', async () => {
    const first = await stack.get('/v1/articles?status=done&limit=3');
    const second = await stack.get(`/v1/articles?status=done&limit=3&cursor=${first.nextCursor}`);
    expect(second.nextCursor).toBeNull();
    const listed = [...first.items, ...second.items];
    expect(listed.map((a: { id: string }) => a.id)).toEqual(['004', '003', '002', '001', '000'].map((k) => ids[k]));
    expect(listed[0]).toMatchObject({ status: 'done', failedStage: null, error: null, storyId: views['004'].storyId });
    expect((await stack.get('/v1/articles?status=failed')).items).toEqual([]);
    expect((await fetch(`${stack.queryUrl}/v1/articles?status=lost`)).status).toBe(400);
  });

  it('exposes the state of the pipeline as Prometheus metrics', async () => {
    await stack.get(`/v1/stories/${views['000'].storyId}`);
    const res = await fetch(`${stack.queryUrl}/metrics`);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, expect.stringContaining('text/plain')]);
    const text = await res.text();
    const value = (pattern: string) => Number(new RegExp(`^${pattern}\\S* (\\d+)$`, 'm').exec(text)?.[1]);
    expect(value('storyline_articles\\{status="done"')).toBe(5);
    expect(value('storyline_articles\\{status="failed"')).toBe(0);
    expect(value('storyline_stories')).toBe(2);
    expect(value('storyline_queue_jobs\\{queue="normalize",state="waiting"')).toBe(0);
    expect(value('storyline_metrics_source_up\\{source="redis"')).toBe(1);
    expect(text).toMatch(/^storyline_process_cpu_seconds_total\{service="query"\} /m);
    // Requests by the route's template, not its ids.
    expect(value('storyline_http_requests_total\\{method="GET",route="/v1/stories/:id",status="200"')).toBeGreaterThan(
      0,
    );
    expect((await fetch(`${stack.ingestUrl}/metrics`)).status).toBe(200);
  });

  it('has each worker serve its own jobs and process as Prometheus metrics', async () => {
    for (const [worker, job] of [
      ['normalize', 'article.normalize.v1'],
      ['dedupe', 'article.dedupe.v1'],
      ['entities', 'article.entities.v1'],
    ] as const) {
      const { port } = stack.worker(worker).get(WorkerMetrics);
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const completed = new RegExp(
        `^storyline_jobs_total\\{queue="${worker}",job="${job}",outcome="completed",service="${worker}"\\} (\\d+)$`,
        'm',
      ).exec(text);
      expect(Number(completed?.[1])).toBeGreaterThanOrEqual(5);
      expect(text).toMatch(new RegExp(`^storyline_process_cpu_seconds_total\\{service="${worker}"\\} `, 'm'));
    }
    const { port } = stack.worker('webhooks').get(WorkerMetrics);
    expect((await fetch(`http://127.0.0.1:${port}/elsewhere`)).status).toBe(404);
  });

  it("pages through a story's articles in the order the story shows them", async () => {
    const storyId = views['002'].storyId;
    const whole = await stack.get(`/v1/stories/${storyId}`);
    const first = await stack.get(`/v1/stories/${storyId}/articles?limit=3`);
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await stack.get(`/v1/stories/${storyId}/articles?limit=3&cursor=${first.nextCursor}`);
    expect(second).toEqual({ items: [expect.anything()], nextCursor: null });
    expect([...first.items, ...second.items]).toEqual(whole.articles);

    const badCursor = await fetch(`${stack.queryUrl}/v1/stories/${storyId}/articles?cursor=nope`);
    expect([badCursor.status, ((await badCursor.json()) as { type: string }).type]).toEqual([
      400,
      expect.stringMatching(/invalid-cursor$/),
    ]);
    const unknown = await fetch(`${stack.queryUrl}/v1/stories/${randomUUID()}/articles`);
    expect(unknown.status).toBe(404);
  });

  it('creates nothing new when 004 is posted again', async () => {
    const again = await stack.postArticle({ source: 'seeds', externalId: seeds[4].name, body: seeds[4].text });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: ids['004'], duplicate: true });
    const view = await stack.get(`/v1/articles/${ids['004']}`);
    expect(view.revision).toBe(0);
    expect((await stack.get('/v1/stories')).items.length).toBe(2);
  });

  it('delivers signed story events that verify with standardwebhooks', async () => {
    // Both stories are created. Decided at once (4 per worker), two seeds may each found a story first: a story
    // created besides those two is merged into one of them.
    const stories = [views['000'].storyId, views['004'].storyId];
    const accounted = () => {
      const created = new Set(receiver.events().flatMap((e) => (e.type === 'story.created' ? [e.data.id] : [])));
      const mergedAway = new Set(
        receiver.events().flatMap((e) => (e.type === 'story.merged' ? (e.data.mergedStoryIds as string[]) : [])),
      );
      return (
        stories.every((id) => created.has(id)) &&
        [...created].every((id) => stories.includes(id) || mergedAway.has(id)) &&
        receiver.events().length >= 5
      );
    };
    await waitUntil(async () => accounted() || null, { what: 'story events for every article', timeoutMs: 30_000 });
    const verifier = new Webhook(secret);
    for (const call of receiver.received) {
      const payload = verifier.verify(call.body, {
        'webhook-id': call.headers['webhook-id'] as string,
        'webhook-timestamp': call.headers['webhook-timestamp'] as string,
        'webhook-signature': call.headers['webhook-signature'] as string,
      }) as { id: string; type: string };
      expect(payload.type).toMatch(/^story\./);
      expect(call.headers['webhook-id']).toBe(payload.id);
    }
  });
});
