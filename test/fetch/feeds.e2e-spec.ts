import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { z } from 'zod';
import { Feed, FeedList } from '@storyline/contracts';
import { WorkerMetrics } from '@storyline/pipeline';
import { articlePage, NewsSite } from '../support/news-site';
import { Stack } from '../support/stack';
import { createTestEnvironment, TestEnvironment, waitUntil } from '../support/test-environment';

const ADMIN_KEY = 'feeds-test-admin-key-0001';
const ROOT = join(__dirname, '..', '..');

const story = (title: string, lead: string) =>
  articlePage({
    title,
    paragraphs: [
      `PORT ELLIS — ${lead}`,
      'Officials said more details would be given at a briefing at the harbour office later in the week.',
      'Residents who use the waterfront were asked to follow the signs put up by the port authority.',
    ],
  });

const rss = (base: string, items: { path: string; title: string }[]) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>The Harbour Courier</title><link>${base}/</link>
${items
  .map(
    (i) =>
      `<item><title>${i.title}</title><link>${base}${i.path}?utm_source=rss</link><pubDate>Tue, 11 Mar 2031 06:45:00 GMT</pubDate></item>`,
  )
  .join('\n')}
</channel></rss>`;

/** The body parses with its published schema, and parsing drops nothing: no field the schema does not name. */
function expectConforms(schema: z.ZodType, body: unknown) {
  const parsed = schema.safeParse(body);
  expect(parsed.error?.issues ?? []).toEqual([]);
  expect(parsed.data).toEqual(body);
}

describe('feeds: managed through the API, polled by the fetch worker', () => {
  let env: TestEnvironment;
  let stack: Stack;
  let site: NewsSite;
  /** A site that is down for maintenance: its 503's Retry-After holds its whole host, so it is a host of its own. */
  let down: NewsSite;
  let db: Client;
  let officeUpdated = false;

  const api = async (method: string, path: string, body?: unknown, key: string | null = ADMIN_KEY) => {
    const res = await fetch(`${stack.queryUrl}${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const addFeed = async (input: Record<string, unknown>) => {
    const res = await api('POST', '/v1/feeds', input);
    expect(res.status).toBe(201);
    return res.body as { id: string };
  };
  /** Asks for a poll now (rather than within the feed's first minute) and waits for it to be recorded. */
  const pollNow = async (id: string) => {
    const before = (await api('GET', `/v1/feeds/${id}`)).body.lastPolledAt ?? '1970-01-01T00:00:00Z';
    const due = await api('POST', `/v1/feeds/${id}/poll`);
    expect(due.status).toBe(202);
    expectConforms(Feed, due.body);
    return waitUntil(
      async () => {
        const feed = (await api('GET', `/v1/feeds/${id}`)).body;
        return feed.lastPolledAt && new Date(feed.lastPolledAt) > new Date(before) ? feed : null;
      },
      { what: `a poll of feed ${id}` },
    );
  };
  const articlesFrom = async (pathPrefix: string) =>
    (
      await db.query(
        `SELECT a.id, a.status, a.source, a.raw_title, a.published_at_input FROM page_fetch f JOIN article a ON a.id = f.article_id
          WHERE f.url_key LIKE $1 ORDER BY f.url_key`,
        [`${site.base}${pathPrefix}%`],
      )
    ).rows;

  /** Final statuses of the articles, once every one is done or failed (read with the admin key). */
  const finalStatuses = (ids: string[]) =>
    waitUntil(
      async () => {
        const views = await Promise.all(ids.map(async (id) => (await api('GET', `/v1/articles/${id}`)).body));
        return views.every((v) => v.status === 'done' || v.status === 'failed') && views.map((v) => v.status);
      },
      { what: 'articles to finish' },
    );

  beforeAll(async () => {
    site = await new NewsSite().start();
    down = await new NewsSite().start();
    const courier = rss(site.base, [
      { path: '/news/bridge', title: 'Harbour bridge reopens' },
      { path: '/news/ferry', title: 'Ferry cuts night crossings' },
    ]);
    site
      .route('/feeds/courier.rss', (req, res) => {
        if (req.headers['if-none-match'] === '"courier-1"') return void res.writeHead(304).end();
        res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"courier-1"' }).end(courier);
      })
      .route('/feeds/port.atom', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(
          `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Port Authority</title>
           <entry><title>Dredging resumes in the outer channel</title><link href="${site.base}/notices/dredging"/>
           <published>2031-03-10T09:00:00Z</published></entry></feed>`,
        );
      })
      .route('/feeds/wire.json', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/feed+json' }).end(
          JSON.stringify({
            version: 'https://jsonfeed.org/version/1.1',
            title: 'Coast Wire',
            items: [
              {
                id: 'w1',
                url: `${site.base}/wire/tide`,
                title: 'Record tide floods the quay',
                date_published: '2031-03-14T05:00:00Z',
              },
            ],
          }),
        );
      })
      .route('/sitemap_index.xml', (_req, res) => {
        res
          .writeHead(200, { 'content-type': 'application/xml' })
          .end(
            `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${site.base}/sitemaps/news.xml</loc></sitemap></sitemapindex>`,
          );
      })
      .route('/sitemap.xml', (_req, res) => {
        res
          .writeHead(200, { 'content-type': 'application/xml' })
          .end(
            `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${site.base}/news/cranes</loc><lastmod>2031-03-13</lastmod></url></urlset>`,
          );
      })
      .route('/sitemaps/news.xml', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/xml' }).end(
          `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
           <url><loc>${site.base}/news/cranes</loc><news:news><news:publication><news:name>Courier</news:name><news:language>en</news:language></news:publication>
           <news:publication_date>2031-03-13T07:00:00Z</news:publication_date><news:title>Cranes switch to shore power</news:title></news:news></url></urlset>`,
        );
      })
      // Repeats its items within a document and from poll to poll, with no validators: seen again, ingested once.
      .route('/feeds/repeat.rss', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(
          rss(site.base, [
            { path: '/news/pilots', title: 'Pilot boats get new crews' },
            { path: '/news/pilots', title: 'Pilot boats get new crews' },
            { path: '/news/lighthouse', title: 'Lighthouse keeper retires' },
          ]),
        );
      })
      // Last-Modified only, no ETag: If-Modified-Since is the only way to a 304.
      .route('/feeds/office.rss', (req, res) => {
        const lastModified = officeUpdated ? 'Wed, 12 Mar 2031 08:00:00 GMT' : 'Tue, 11 Mar 2031 07:00:00 GMT';
        if (req.headers['if-modified-since'] === lastModified) return void res.writeHead(304).end();
        const items = [{ path: '/office/berths', title: 'New berths open at the south quay' }];
        if (officeUpdated) items.unshift({ path: '/office/tolls', title: 'Harbour tolls rise in April' });
        res
          .writeHead(200, { 'content-type': 'application/rss+xml', 'last-modified': lastModified })
          .end(rss(site.base, items));
      })
      .page(
        '/news/bridge',
        story(
          'Harbour bridge reopens after repair',
          'The harbour bridge reopened to traffic on Tuesday after six months of repairs.',
        ),
      )
      .page(
        '/news/ferry',
        story(
          'Ferry operator cuts night crossings',
          'The ferry operator will stop its night crossings from next month.',
        ),
      )
      .page(
        '/notices/dredging',
        story('Dredging resumes in the outer channel', 'Dredgers returned to the outer channel on Monday.'),
      )
      .page(
        '/wire/tide',
        story('Record tide floods the quay', 'The highest tide in forty years flooded the north quay on Friday.'),
      )
      .page(
        '/news/cranes',
        story('Cranes switch to shore power', 'The container terminal moved its last cranes to shore power.'),
      )
      .page(
        '/office/berths',
        story('New berths open at the south quay', 'Two new berths opened at the south quay on Tuesday.'),
      )
      .page('/office/tolls', story('Harbour tolls rise in April', 'Harbour tolls will rise by a tenth in April.'))
      .page('/news/pilots', story('Pilot boats get new crews', 'Four new pilots joined the harbour service this week.'))
      .page(
        '/news/lighthouse',
        story('Lighthouse keeper retires', 'The last keeper of the Ellis Point light retired on Sunday.'),
      );
    env = await createTestEnvironment('fetch-feeds', {
      API_KEYS: ADMIN_KEY,
      FETCH_ALLOW_PRIVATE_NETWORKS: 'true',
      FETCH_HOST_DELAY_MS: '20',
      // Port 0: the fetch worker serves its /metrics on a free port.
      FETCH_METRICS_PORT: '0',
    });
    stack = await Stack.start(env.config, ['fetch', 'normalize', 'dedupe', 'entities']);
    db = new Client({ connectionString: env.config.DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
    await site?.stop();
    await down?.stop();
    await env?.teardown();
  });

  it('needs an admin key', async () => {
    expect((await api('GET', '/v1/feeds', undefined, null)).status).toBe(401);
  });

  it('adds a feed to be polled within its first minute, and refuses a second with the same URL', async () => {
    const before = Date.now();
    const res = await api('POST', '/v1/feeds', {
      url: `${site.base}/feeds/courier.rss?utm_source=x`,
      source: 'courier',
    });
    expect(res).toMatchObject({
      status: 201,
      body: { url: `${site.base}/feeds/courier.rss`, kind: null, pollEvery: '15m', status: 'active', itemsSeen: 0 },
    });
    expect(new Date(res.body.nextPollAt).getTime()).toBeLessThan(before + 61_000);
    expectConforms(Feed, res.body);
    const again = await api('POST', '/v1/feeds', { url: `${site.base}/feeds/courier.rss` });
    expect(again).toMatchObject({ status: 409, body: { feedId: res.body.id } });
    expect((await api('POST', '/v1/feeds', { url: `${site.base}/x`, pollEvery: '10s' })).status).toBe(400);
  });

  it('polls an RSS feed: its items become articles with the feed’s source, title and date, and are fetched', async () => {
    const [{ id }] = (await api('GET', '/v1/feeds')).body.items;
    const feed = await pollNow(id);
    expect(feed).toMatchObject({
      kind: 'rss',
      lastHttpStatus: 200,
      itemsSeen: 2,
      itemsIngested: 2,
      consecutiveErrors: 0,
    });
    expectConforms(FeedList, (await api('GET', '/v1/feeds')).body);
    const articles = await articlesFrom('/news/');
    expect(articles.map((a: any) => [a.source, a.raw_title, a.published_at_input])).toEqual([
      ['courier', 'Harbour bridge reopens', '2031-03-11T06:45:00.000Z'],
      ['courier', 'Ferry cuts night crossings', '2031-03-11T06:45:00.000Z'],
    ]);
    expect(await finalStatuses(articles.map((a: any) => a.id))).toEqual(['done', 'done']);
  });

  it('sends its ETag back and counts a 304 as a poll with nothing new', async () => {
    const [{ id }] = (await api('GET', '/v1/feeds')).body.items;
    const feed = await pollNow(id);
    expect(feed).toMatchObject({ lastHttpStatus: 304, itemsSeen: 2, itemsIngested: 2, consecutiveErrors: 0 });
    expect(site.hits('/feeds/courier.rss').at(-1)?.headers['if-none-match']).toBe('"courier-1"');
  });

  it('sends its Last-Modified back as If-Modified-Since: a 304 while unchanged, the new items once changed', async () => {
    const { id } = await addFeed({ url: `${site.base}/feeds/office.rss`, source: 'office' });
    expect(await pollNow(id)).toMatchObject({ lastHttpStatus: 200, itemsSeen: 1, itemsIngested: 1 });
    expect(site.hits('/feeds/office.rss')[0].headers['if-modified-since']).toBeUndefined();
    expect(await pollNow(id)).toMatchObject({ lastHttpStatus: 304, itemsSeen: 1, itemsIngested: 1 });
    const conditional = site.hits('/feeds/office.rss').at(-1)!.headers;
    expect(conditional['if-modified-since']).toBe('Tue, 11 Mar 2031 07:00:00 GMT');
    expect(conditional['if-none-match']).toBeUndefined();
    officeUpdated = true;
    expect(await pollNow(id)).toMatchObject({ lastHttpStatus: 200, itemsSeen: 3, itemsIngested: 2 });
    expect(await pollNow(id)).toMatchObject({ lastHttpStatus: 304, itemsSeen: 3, itemsIngested: 2 });
    expect(site.hits('/feeds/office.rss').at(-1)!.headers['if-modified-since']).toBe('Wed, 12 Mar 2031 08:00:00 GMT');
    const articles = await articlesFrom('/office/');
    expect(articles.map((a: any) => [a.source, a.raw_title])).toEqual([
      ['office', 'New berths open at the south quay'],
      ['office', 'Harbour tolls rise in April'],
    ]);
  });

  it('reads Atom, JSON Feed, a sitemap index of news sitemaps and a plain sitemap', async () => {
    const atom = await addFeed({ url: `${site.base}/feeds/port.atom`, kind: 'atom', source: 'port' });
    const json = await addFeed({ url: `${site.base}/feeds/wire.json`, source: 'wire' });
    const sitemap = await addFeed({ url: `${site.base}/sitemap_index.xml`, source: 'courier-sitemap' });
    expect(await pollNow(atom.id)).toMatchObject({ kind: 'atom', itemsIngested: 1 });
    expect(await pollNow(json.id)).toMatchObject({ kind: 'json', itemsIngested: 1 });
    expect(await pollNow(sitemap.id)).toMatchObject({ kind: 'news-sitemap', itemsIngested: 1 });
    const [cranes] = await articlesFrom('/news/cranes');
    expect(cranes).toMatchObject({ source: 'courier-sitemap', raw_title: 'Cranes switch to shore power' });
    // The plain sitemap lists the same page: seen, not ingested again.
    const plain = await addFeed({ url: `${site.base}/sitemap.xml`, kind: 'sitemap' });
    expect(await pollNow(plain.id)).toMatchObject({
      kind: 'sitemap',
      lastHttpStatus: 200,
      itemsSeen: 1,
      itemsIngested: 0,
    });
  });

  it('sees a repeated item again but ingests and fetches it once', async () => {
    const { id } = await addFeed({ url: `${site.base}/feeds/repeat.rss` });
    expect(await pollNow(id)).toMatchObject({ itemsSeen: 2, itemsIngested: 2 });
    expect(await pollNow(id)).toMatchObject({ itemsSeen: 4, itemsIngested: 2, lastHttpStatus: 200 });
    await finalStatuses((await articlesFrom('/news/pilots')).map((a: any) => a.id));
    expect(site.hits('/news/pilots')).toHaveLength(1);
  });

  it('backs off a failing feed and honours its Retry-After', async () => {
    down.route('/feeds/busy.rss', (_req, res) => {
      res.writeHead(503, { 'retry-after': '3600', 'content-type': 'text/plain' }).end('down for maintenance');
    });
    const { id } = await addFeed({ url: `${down.base}/feeds/busy.rss`, pollEvery: '1m' });
    const feed = await pollNow(id);
    expect(feed).toMatchObject({ lastHttpStatus: 503, lastError: 'HTTP 503', consecutiveErrors: 1, itemsSeen: 0 });
    expect(new Date(feed.nextPollAt).getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    // The Retry-After came with a 503: the whole host is left alone, another feed of it included.
    const sibling = await pollNow((await addFeed({ url: `${down.base}/feeds/notices.rss` })).id);
    expect(sibling).toMatchObject({ lastHttpStatus: null, consecutiveErrors: 1 });
    expect(sibling.lastError).toMatch(/^held-off: .* \(Retry-After\)$/);
    expect(new Date(sibling.nextPollAt).getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    expect(down.hits('/feeds/notices.rss')).toHaveLength(0);
  });

  it('pauses, resumes and removes a feed', async () => {
    const { id } = await addFeed({ url: `${site.base}/feeds/paused.rss` });
    expect(await api('POST', `/v1/feeds/${id}/pause`)).toMatchObject({
      status: 200,
      body: { status: 'paused', nextPollAt: null },
    });
    expect(await api('POST', `/v1/feeds/${id}/poll`)).toMatchObject({ status: 202, body: { status: 'paused' } });
    expect(await api('POST', `/v1/feeds/${id}/resume`)).toMatchObject({ status: 200, body: { status: 'active' } });
    expect((await api('DELETE', `/v1/feeds/${id}`)).status).toBe(204);
    expect((await api('GET', `/v1/feeds/${id}`)).status).toBe(404);
    expect((await api('DELETE', `/v1/feeds/${id}`)).status).toBe(404);
  });

  it('counts polls, items, fetches by outcome and the requests waiting per host on the worker’s /metrics', async () => {
    const { port } = stack.worker('fetch').get(WorkerMetrics);
    // Polls and items are counted as each poll ends; fetches only those waited for above are sure to have ended.
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const value = (series: string) => Number(new RegExp(`^${series} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
    expect(value('storyline_feed_polls_total\\{outcome="ok",service="fetch"\\}')).toBeGreaterThanOrEqual(6);
    expect(value('storyline_feed_polls_total\\{outcome="not-modified",service="fetch"\\}')).toBeGreaterThanOrEqual(3);
    expect(value('storyline_feed_polls_total\\{outcome="error",service="fetch"\\}')).toBeGreaterThanOrEqual(2);
    expect(value('storyline_feed_items_total\\{outcome="ingested",service="fetch"\\}')).toBeGreaterThanOrEqual(9);
    expect(value('storyline_fetches_total\\{outcome="fetched",kind="ok",service="fetch"\\}')).toBeGreaterThanOrEqual(4);
    expect(text).toContain('# TYPE storyline_fetch_host_waiting gauge');
  });

  it('`cli feeds` lists every feed with its health, exits 1 while one fails, and adds and removes feeds', async () => {
    const cli = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [
            '--require',
            join(ROOT, 'test', 'support', 'ts-register.cjs'),
            join(ROOT, 'tools', 'cli', 'main.ts'),
            ...args,
          ],
          {
            cwd: ROOT,
            env: { ...process.env, DATABASE_URL: env.config.DATABASE_URL, FETCH_ALLOW_PRIVATE_NETWORKS: 'true' },
          },
          (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
        );
      });
    const listed = await cli('feeds', 'list');
    expect(listed.code).toBe(1);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines.find((l) => l.includes('/feeds/courier.rss'))).toMatch(/ ok +rss +15m .* 304 +2\/2 /);
    expect(lines.find((l) => l.includes('/feeds/busy.rss'))).toMatch(/failing ×1 .* 503 .*HTTP 503$/);
    const added = await cli('feeds', 'add', `${site.base}/feeds/later.rss`, '--every', '2h', '--source', 'later');
    expect(added).toMatchObject({ code: 0, stderr: expect.stringContaining('polled every 2h') });
    const id = added.stdout.trim();
    expect((await api('GET', `/v1/feeds/${id}`)).body).toMatchObject({ source: 'later', pollEvery: '2h' });
    expect(await cli('feeds', 'remove', id)).toMatchObject({ code: 0, stdout: `removed ${id}\n` });
    expect((await cli('feeds', 'add', 'ftp://courier.example/feed')).code).toBe(64);
  });
});
