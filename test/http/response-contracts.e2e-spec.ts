import { z } from 'zod';
import {
  ArticleAccepted,
  ArticleBatchResults,
  ArticleDetail,
  ArticlePage,
  CreatedWebhookSubscription,
  EntityDetail,
  EntityMatchList,
  Liveness,
  Problem,
  Readiness,
  RotatedWebhookSecret,
  StoryArticlePage,
  StoryDetail,
  StoryPage,
  WebhookDeliveryList,
  WebhookRedelivery,
  WebhookSubscription,
  WebhookSubscriptionList,
  WebhookTestSent,
} from '@storyline/contracts';
import { Stack } from '../support/stack';
import { createTestEnvironment, TestEnvironment, waitUntil } from '../support/test-environment';
import { WebhookReceiver } from '../support/webhook-receiver';

// Fictional articles, written for this test.
const FERRY_BODY =
  'NORTH HAVEN, Apr 2 (Coast Wire): The Harbour Authority of North Haven suspended every ferry to Gull Island on ' +
  'Tuesday after a gale tore the pontoon from the quay. Captain Elena Moretti, who runs the island service, said ' +
  'repairs would take at least a week. The North Haven council opened the school hall for stranded passengers ' +
  'and asked the coastguard to carry medicines to the island by boat. Elena Moretti said the pontoon had been ' +
  'inspected in March and found sound, and that the gale was the strongest she had seen in twenty years.';
const ORCHARD_BODY =
  'MILLBROOK, Apr 3 (Valley Post): A late frost damaged most of the apple blossom in the Millbrook valley, growers ' +
  'said on Wednesday. Tomas Lindqvist, who chairs the Millbrook Growers Association, said the harvest could fall ' +
  'by half. The association will ask the regional government for help with the cost of frost fans and insurance.';

/**
 * Every route of both services answers what its published schema says: each response, got over HTTP from the
 * real stack after the pipeline has run, parses with the zod schema of its OpenAPI document and has no field the
 * schema does not name. Detail routes answer If-None-Match with 304 while they have not changed.
 */
describe('response contracts', () => {
  let env: TestEnvironment;
  let stack: Stack;
  const receiver = new WebhookReceiver();
  const ids: Record<string, string> = {};

  const call = async (base: string, method: string, path: string, body?: unknown, headers = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : null };
  };
  const query = (method: string, path: string, body?: unknown, headers = {}) =>
    call(stack.queryUrl, method, path, body, headers);
  const ingest = (method: string, path: string, body?: unknown) => call(stack.ingestUrl, method, path, body);

  /** The body parses with the schema, and parsing drops nothing: no field the schema does not name. */
  const expectConforms = (schema: z.ZodType, response: { status: number; body: unknown }, status = 200) => {
    expect(response.status).toBe(status);
    const parsed = schema.safeParse(response.body);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data).toEqual(response.body);
  };
  const expectProblem = (response: { status: number; headers: Headers; body: unknown }, status: number) => {
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expectConforms(Problem, response, status);
  };

  beforeAll(async () => {
    env = await createTestEnvironment('response_contracts');
    stack = await Stack.start(env.config);
    const post = async (key: string, body: Record<string, unknown>) => {
      const res = await stack.postArticle({ externalId: key, ...body });
      expect(res.status).toBe(202);
      ids[key] = res.body.id;
    };
    const ferry = { title: 'Gale halts North Haven ferries to Gull Island', body: FERRY_BODY, language: 'en' };
    await post('ferry', { source: 'coast-wire', publishedAt: '2031-04-02T08:00:00Z', ...ferry });
    await stack.waitForArticles([ids.ferry]);
    await post('ferry-copy', { source: 'island-times', publishedAt: '2031-04-02T09:00:00Z', ...ferry });
    await post('orchard', {
      source: 'valley-post',
      title: 'Late frost damages Millbrook apple blossom',
      body: ORCHARD_BODY,
      publishedAt: '2031-04-03T07:00:00Z',
    });
    await stack.waitForArticles(Object.values(ids));
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver.stop();
    await env?.teardown();
  });

  it('query: story list, search, story, its articles', async () => {
    const list = await query('GET', '/v1/stories');
    expectConforms(StoryPage, list);
    expect(list.body.items).toHaveLength(2);
    expectConforms(StoryPage, await query('GET', '/v1/stories?q=ferry'));
    const found = await query('GET', '/v1/search?q=pontoon');
    expectConforms(StoryPage, found);
    expect(found.body.items[0].match.article.copies).toHaveLength(1);
    const storyId = found.body.items[0].id;
    const story = await query('GET', `/v1/stories/${storyId}`);
    expectConforms(StoryDetail, story);
    expect(story.body.articles.map((a: any) => a.syndication?.kind ?? null)).toContainEqual(expect.any(String));
    expectConforms(StoryArticlePage, await query('GET', `/v1/stories/${storyId}/articles?limit=1`));
    expectProblem(await query('GET', '/v1/stories/00000000-0000-4000-8000-000000000000'), 404);
  });

  it('query: articles and entities', async () => {
    expectConforms(ArticlePage, await query('GET', '/v1/articles?limit=2'));
    for (const key of ['ferry', 'ferry-copy', 'orchard']) {
      expectConforms(ArticleDetail, await query('GET', `/v1/articles/${ids[key]}`));
    }
    const story = await query('GET', `/v1/stories/${(await query('GET', `/v1/articles/${ids.ferry}`)).body.storyId}`);
    const entity = story.body.entities[0];
    expect(entity).toBeDefined();
    const found = await query('GET', `/v1/entities?q=${encodeURIComponent(entity.name)}`);
    expectConforms(EntityMatchList, found);
    expectConforms(EntityDetail, await query('GET', `/v1/entities/${entity.id}`));
    expectProblem(await query('GET', '/v1/articles?limit=0'), 400);
  });

  it('query: webhook subscriptions, their deliveries and secrets', async () => {
    const url = await receiver.start();
    const created = await query('POST', '/v1/webhooks', { url, eventTypes: ['story.created'] });
    expectConforms(CreatedWebhookSubscription, created, 201);
    const id = created.body.id;
    expectConforms(WebhookSubscriptionList, await query('GET', '/v1/webhooks'));
    expectConforms(WebhookSubscription, await query('GET', `/v1/webhooks/${id}`));
    expectConforms(WebhookSubscription, await query('PATCH', `/v1/webhooks/${id}`, { description: 'contracts' }));
    expectConforms(WebhookSubscription, await query('POST', `/v1/webhooks/${id}/pause`));
    expectConforms(WebhookSubscription, await query('POST', `/v1/webhooks/${id}/resume`));
    expectConforms(RotatedWebhookSecret, await query('POST', `/v1/webhooks/${id}/rotate-secret`, { grace: '1h' }));
    expectConforms(WebhookTestSent, await query('POST', `/v1/webhooks/${id}/test`), 202);
    const delivered = await waitUntil(
      async () => {
        const res = await query('GET', `/v1/webhooks/${id}/deliveries`);
        return res.body.items.some((d: any) => d.status === 'delivered') && res;
      },
      { what: 'the test event delivered' },
    );
    expectConforms(WebhookDeliveryList, delivered);
    const eventId = delivered.body.items[0].eventId;
    expectConforms(WebhookRedelivery, await query('POST', `/v1/webhooks/${id}/redeliver`, { eventId }), 202);
    expectProblem(await query('POST', '/v1/webhooks', { url: 'ftp://example.org/' }), 400);
    const removed = await query('DELETE', `/v1/webhooks/${id}`);
    expect([removed.status, removed.text]).toEqual([204, '']);
    expectProblem(await query('GET', `/v1/webhooks/${id}`), 404);
  });

  it('ingest: an article, a re-post, a batch with a refused item, a retry refused', async () => {
    const body = { source: 'valley-post', externalId: 'contracts-1', title: 'Frost fans sold out' };
    expectConforms(ArticleAccepted, await ingest('POST', '/v1/articles', body), 202);
    expectConforms(ArticleAccepted, await ingest('POST', '/v1/articles', body), 200);
    const batch = await ingest('POST', '/v1/articles/batch', {
      articles: [{ title: 'Blossom counted' }, { url: 'x' }],
    });
    expectConforms(ArticleBatchResults, batch, 207);
    expect(batch.body.results[1].error.status).toBe(400);
    expectProblem(await ingest('POST', `/v1/articles/${ids.orchard}/retry`), 409);
    expectProblem(await ingest('POST', '/v1/articles', { body: '' }), 400);
  });

  it('health, on both services', async () => {
    for (const base of [stack.ingestUrl, stack.queryUrl]) {
      expectConforms(Liveness, await call(base, 'GET', '/health'));
      expectConforms(Readiness, await call(base, 'GET', '/health/ready'));
    }
  });

  describe('ETag', () => {
    const details = () => [
      `/v1/stories/${(ids.story ??= '')}`,
      `/v1/articles/${ids.ferry}`,
      `/v1/entities/${ids.entity}`,
    ];

    beforeAll(async () => {
      const article = (await query('GET', `/v1/articles/${ids.ferry}`)).body;
      ids.story = article.storyId;
      ids.entity = article.entities[0].entityId;
    });

    it('a detail route answers If-None-Match with its current ETag by 304, with no body', async () => {
      for (const path of details()) {
        const first = await query('GET', path);
        const etag = first.headers.get('etag');
        expect([path, etag]).toEqual([path, expect.stringMatching(/^"[A-Za-z0-9_-]{43}"$/)]);
        const again = await query('GET', path, undefined, { 'if-none-match': etag });
        expect([path, again.status, again.text, again.headers.get('etag')]).toEqual([path, 304, '', etag]);
        expect(again.headers.get('x-request-id')).toBeTruthy();
        const other = await query('GET', path, undefined, { 'if-none-match': '"something-else"' });
        expect([path, other.status, other.body]).toEqual([path, 200, first.body]);
        // A list of tags, and the weak form of the same tag, match too (RFC 9110: If-None-Match compares weakly).
        const weak = await query('GET', path, undefined, { 'if-none-match': `"x", W/${etag}` });
        expect([path, weak.status]).toEqual([path, 304]);
      }
    });

    it('the ETag changes when the resource does', async () => {
      const created = await query('POST', '/v1/webhooks', { url: 'http://127.0.0.1:9/hook' });
      const path = `/v1/webhooks/${created.body.id}`;
      const etag = (await query('GET', path)).headers.get('etag')!;
      expect((await query('GET', path, undefined, { 'if-none-match': etag })).status).toBe(304);
      await query('PATCH', path, { description: 'changed' });
      const changed = await query('GET', path, undefined, { 'if-none-match': etag });
      expect(changed.status).toBe(200);
      expect(changed.body.description).toBe('changed');
      expect(changed.headers.get('etag')).not.toBe(etag);
    });

    it('lists and errors carry none', async () => {
      for (const path of ['/v1/stories', '/v1/articles', '/v1/entities?q=haven', '/v1/stories/not-a-uuid']) {
        expect([path, (await query('GET', path)).headers.get('etag')]).toEqual([path, null]);
      }
    });
  });
});
