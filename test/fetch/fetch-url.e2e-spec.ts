import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { ArticleDetail } from '@storyline/contracts';
import { RenormalizeArticles } from '@storyline/pipeline';
import { articlePage, NewsSite } from '../support/news-site';
import { Stack } from '../support/stack';
import { createTestEnvironment, TestEnvironment, waitUntil } from '../support/test-environment';

const CONTACT = 'https://newsroom.example/about-our-crawler';
const HOST_DELAY_MS = 150;

const bridge = articlePage({
  title: 'Harbour bridge reopens after six-month repair',
  canonical: '/news/harbour-bridge',
  paragraphs: [
    'PORT ELLIS — The harbour bridge reopened to traffic on Tuesday morning after six months of repairs to its lifting span, the port authority said.',
    'Inspectors found cracked teeth in the gear that raises the span last spring, and the bridge was closed to cars and cyclists while the gear was replaced.',
    'Ferry crossings that carried commuters during the closure will run a reduced timetable until the end of the month, the ferry operator said.',
    'Harbourmaster Ines Calder said the new gear had passed three full lifts under load on Monday night without a fault.',
  ],
});
const ferry = articlePage({
  title: 'Ferry operator cuts night crossings',
  paragraphs: [
    'PORT ELLIS — The ferry operator will stop its night crossings from next month, citing falling numbers of passengers since the bridge reopened.',
    'The last boat will leave the north pier at ten in the evening, two hours earlier than now, the operator said in a statement on Wednesday.',
    'Night workers at the container terminal said the change would leave them with a long walk around the harbour after their shifts end.',
  ],
});
// windows-1252 bytes, said by the Content-Type only, as legacy sites do.
const cologne = Buffer.from(
  articlePage({
    title: 'Köln delegation visits the port',
    paragraphs: [
      'PORT ELLIS — A delegation from Köln toured the container terminal on Thursday, looking at how the port moved its cranes to shore power.',
      'The visitors, led by the city’s harbour director Jörg Brünner, said they hoped to copy the scheme on the Rhine within five years.',
      'Port officials said the switch had cut the terminal’s diesel use by nearly half since the spring.',
    ],
  }),
  'latin1',
);
const consentWall = `<!doctype html><html><head><title>The Harbour Courier</title></head><body>
  <div class="gate"><h2>Before you continue</h2><p>We use cookies and data to deliver our services. Accept all cookies,
  or manage your consent preferences.</p><button>Accept all</button><button>Reject all</button></div></body></html>`;

describe('fetching articles posted as a URL alone', () => {
  let env: TestEnvironment;
  let stack: Stack;
  let site: NewsSite;
  let db: Client;
  let latePublished = false;

  const post = async (url: string, extra: Record<string, unknown> = {}) => stack.postArticle({ url, ...extra });
  const final = async (id: string) => (await stack.waitForArticles([id]))[0];

  beforeAll(async () => {
    site = await new NewsSite().start();
    site
      .route('/robots.txt', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private/\n');
      })
      .page('/news/harbour-bridge', bridge)
      .page('/amp/news/harbour-bridge', bridge)
      .page('/news/ferry-night-crossings', ferry)
      .route('/old/ferry', (_req, res) => res.writeHead(301, { location: '/news/ferry-night-crossings' }).end())
      .route('/go/metadata', (_req, res) =>
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
      )
      .page('/private/memo', articlePage({ title: 'Staff memo', paragraphs: ['Not for crawlers.'] }))
      .route('/news/cologne', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=windows-1252' }).end(cologne);
      })
      .route('/news/slow', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><body><p>Loading');
        // Never finishes within FETCH_TIMEOUT_MS; the server closes it at the end of the test.
      })
      .route('/news/huge', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = `<p>${'Dredging resumes in the outer channel. '.repeat(100)}</p>`;
        for (let i = 0; i < 200; i++) res.write(chunk);
        res.end();
      })
      .page('/news/gated', consentWall)
      .route('/news/checked', (_req, res) => {
        res
          .writeHead(503, { 'content-type': 'text/html' })
          .end(
            '<html><title>Just a moment...</title><body>Checking your browser before accessing the site.</body></html>',
          );
      })
      .page(
        '/news/members-only',
        '<html><head><title>Sign in | The Harbour Courier</title></head><body><form action="/login" method="post">' +
          '<input name="email"><input type="password" name="password"><button>Sign in</button></form></body></html>',
      )
      .page(
        '/news/withdrawn',
        '<html><head><title>Page not found | The Harbour Courier</title></head><body><p>Try the search.</p></body></html>',
      )
      .route('/files/annual-report.pdf', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.from('%PDF-1.7\n404 not found\n%%EOF'));
      })
      .route('/news/late', (_req, res) => {
        // Not there at first; published later, when an operator retries the article.
        if (latePublished)
          res.writeHead(200, { 'content-type': 'text/html' }).end(ferry.replace('night crossings', 'late crossings'));
        else res.writeHead(404).end();
      });
    env = await createTestEnvironment('fetch-url', {
      FETCH_ALLOW_PRIVATE_NETWORKS: 'true',
      FETCH_CONTACT_URL: CONTACT,
      FETCH_TIMEOUT_MS: '1000',
      FETCH_MAX_BYTES: '200000',
      FETCH_HOST_DELAY_MS: String(HOST_DELAY_MS),
      FETCH_HOST_CONCURRENCY: '2',
      JOB_ATTEMPTS: '2',
    });
    stack = await Stack.start(env.config, ['fetch', 'fetch', 'normalize', 'dedupe', 'entities']);
    db = new Client({ connectionString: env.config.DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
    await site?.stop();
    await env?.teardown();
  });

  it('answers 202 at once, fetches the page and runs it through the pipeline as an HTML article', async () => {
    const accepted = await post(`${site.base}/news/harbour-bridge?utm_source=newsletter&utm_medium=email`, {
      source: 'courier',
      publishedAt: '2031-03-11T06:45:00Z',
    });
    expect(accepted).toMatchObject({ status: 202, body: { status: 'fetching', duplicate: false } });
    const view = await final(accepted.body.id);
    expect(view).toMatchObject({
      status: 'done',
      source: 'courier',
      raw: { contentType: 'text/html', publishedAt: '2031-03-11T06:45:00Z' },
      normalized: { title: 'Harbour bridge reopens after six-month repair' },
      fetch: {
        outcome: 'fetched',
        httpStatus: 200,
        canonicalUrl: `${site.base}/news/harbour-bridge`,
        finalUrl: `${site.base}/news/harbour-bridge?utm_source=newsletter&utm_medium=email`,
      },
    });
    expect(view.normalized.text).toContain('cracked teeth');
    // As published: the fetch is part of the article's schema, and nothing else was added.
    expect(ArticleDetail.parse(view)).toEqual(view);
    expect(view.storyId).toEqual(expect.any(String));
  });

  it('names itself with the contact URL, reads robots.txt once, and spaces its requests to the host', () => {
    const pages = site.requests.filter((r) => r.path !== '/robots.txt');
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.every((r) => r.userAgent === `Storyline/1.0 (+${CONTACT})`)).toBe(true);
    expect(site.hits('/robots.txt')).toHaveLength(1);
  });

  it('answers the same page in another spelling with the first article, and fetches it once', async () => {
    const again = await post(`${site.base}/news/harbour-bridge?fbclid=xyz#comments`);
    expect(again).toMatchObject({ status: 200, body: { duplicate: true } });
    const [{ id }]: { id: string }[] = (
      await db.query(`SELECT article_id AS id FROM page_fetch WHERE url_key = $1`, [`${site.base}/news/harbour-bridge`])
    ).rows;
    expect(again.body.id).toBe(id);
    expect(site.hits('/news/harbour-bridge')).toHaveLength(1);
  });

  it('records a page whose rel=canonical is an article already fetched as a duplicate, never ingested', async () => {
    const amp = await post(`${site.base}/amp/news/harbour-bridge`);
    expect(amp.status).toBe(202);
    const view = await final(amp.body.id);
    expect(view).toMatchObject({
      status: 'failed',
      failedStage: 'fetch',
      fetch: { outcome: 'duplicate', canonicalUrl: null },
      normalized: null,
    });
    expect(view.fetch.reason).toContain(`${site.base}/news/harbour-bridge`);
  });

  it('posted at once to two fetch workers, one URL is fetched and ingested once', async () => {
    const spellings = ['', '?utm_campaign=a', '?utm_campaign=b', '?gclid=1', '#top', '?utm_source=x&gclid=2'];
    const results = await Promise.all(spellings.map((s) => post(`${site.base}/news/cologne${s}`)));
    const ids = new Set(results.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.status === 202)).toHaveLength(1);
    const view = await final([...ids][0]);
    expect(view.status).toBe('done');
    // Decoded as ingest decodes a posted page: by the Content-Type's charset.
    expect(view.normalized.title).toBe('Köln delegation visits the port');
    expect(view.normalized.text).toContain('Jörg Brünner');
    expect(site.hits('/news/cologne')).toHaveLength(1);
  });

  it('follows a redirect, and shows where it led', async () => {
    const moved = await post(`${site.base}/old/ferry`);
    const view = await final(moved.body.id);
    expect(view).toMatchObject({
      status: 'done',
      url: `${site.base}/old/ferry`,
      fetch: { outcome: 'fetched', finalUrl: `${site.base}/news/ferry-night-crossings` },
    });
  });

  it('refuses a redirect to the cloud metadata address before any packet goes there', async () => {
    const view = await final((await post(`${site.base}/go/metadata`)).body.id);
    expect(view).toMatchObject({ status: 'failed', failedStage: 'fetch', fetch: { outcome: 'failed' } });
    expect(view.fetch.reason).toContain('169.254.169.254');
    expect(view.error).toContain('link-local');
  });

  it('obeys robots.txt: a disallowed page is never requested', async () => {
    const view = await final((await post(`${site.base}/private/memo`)).body.id);
    expect(view).toMatchObject({
      status: 'failed',
      fetch: { outcome: 'failed', reason: `disallowed by ${site.base}/robots.txt` },
    });
    expect(site.hits('/private/memo')).toHaveLength(0);
  });

  it('gives up on a host slower than FETCH_TIMEOUT_MS after its attempts', async () => {
    const view = await final((await post(`${site.base}/news/slow`)).body.id);
    expect(view).toMatchObject({ status: 'failed', fetch: { outcome: 'failed', attempts: 2 } });
    expect(view.fetch.reason).toContain('timeout after 1000 ms');
  });

  it('cuts a page over FETCH_MAX_BYTES and records why', async () => {
    const view = await final((await post(`${site.base}/news/huge`)).body.id);
    expect(view).toMatchObject({ status: 'failed', fetch: { outcome: 'failed', httpStatus: 200 } });
    expect(view.fetch.reason).toContain('200000-byte limit');
  });

  it('recognizes a consent wall and does not ingest it', async () => {
    const view = await final((await post(`${site.base}/news/gated`)).body.id);
    expect(view).toMatchObject({ status: 'failed', normalized: null, fetch: { outcome: 'failed', httpStatus: 200 } });
    expect(view.fetch.reason).toMatch(/^consent-wall: /);
    expect(ArticleDetail.parse(view)).toEqual(view);
  });

  it('recognizes a bot check, a login page and a soft 404, and ingests none of them', async () => {
    const [bot, login, missing] = await Promise.all(
      ['/news/checked', '/news/members-only', '/news/withdrawn'].map(async (path) =>
        final((await post(`${site.base}${path}`)).body.id),
      ),
    );
    expect(bot).toMatchObject({ status: 'failed', normalized: null, fetch: { outcome: 'failed', httpStatus: 503 } });
    expect(bot.fetch.reason).toMatch(/^bot-wall: /);
    expect(login).toMatchObject({ status: 'failed', normalized: null, fetch: { outcome: 'failed', httpStatus: 200 } });
    expect(login.fetch.reason).toMatch(/^login-wall: /);
    expect(missing).toMatchObject({
      status: 'failed',
      normalized: null,
      fetch: { outcome: 'failed', httpStatus: 200 },
    });
    expect(missing.fetch.reason).toMatch(/^soft-404: /);
    // A wall is the site's answer, not a failure to reach it: asked once, not retried.
    expect(bot.fetch.attempts).toBe(1);
  });

  it('records a file that is not a page as such, whatever its bytes say', async () => {
    const view = await final((await post(`${site.base}/files/annual-report.pdf`)).body.id);
    expect(view).toMatchObject({
      status: 'failed',
      fetch: { outcome: 'failed', httpStatus: 200, reason: 'not an HTML page (application/pdf)' },
    });
  });

  it('records a 404 as a fetch failure with its status', async () => {
    const view = await final((await post(`${site.base}/news/missing`)).body.id);
    expect(view).toMatchObject({ status: 'failed', fetch: { outcome: 'failed', httpStatus: 404, reason: 'HTTP 404' } });
  });

  it('kept every request to the host at least FETCH_HOST_DELAY_MS apart, across both workers', async () => {
    await waitUntil(async () => site.requests.length > 10, { what: 'requests' });
    const starts = site.requests.map((r) => r.at).sort((a, b) => a - b);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]);
    // The spacing is kept between the moments requests are let go; each then takes its own few milliseconds to
    // connect and arrive (more on a busy machine), so the site's stamps jitter around it: no two come close
    // together, and together they take at least the spacing each.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(HOST_DELAY_MS / 2);
    expect(starts[starts.length - 1] - starts[0]).toBeGreaterThanOrEqual((starts.length - 1) * HOST_DELAY_MS - 25);
  });

  it('fetches a failed article again when it is retried, once the page is there', async () => {
    const { id } = (await post(`${site.base}/news/late`)).body;
    expect(await final(id)).toMatchObject({ status: 'failed', fetch: { httpStatus: 404 } });
    latePublished = true;
    const retried = await fetch(`${stack.ingestUrl}/v1/articles/${id}/retry`, { method: 'POST' });
    expect([retried.status, ((await retried.json()) as { status: string }).status]).toEqual([202, 'fetching']);
    expect(await final(id)).toMatchObject({
      status: 'done',
      fetch: { outcome: 'fetched', httpStatus: 200, attempts: 1 },
    });
  });

  it('leaves articles without a fetched page out of a re-normalization: they have nothing to normalize', async () => {
    const rows = (sql: string, params?: unknown[]) => db.query(sql, params).then((r) => r.rows);
    const queued: unknown[] = [];
    const renormalize = new RenormalizeArticles({ query: rows } as unknown as DataSource, {
      enqueueMany: async (_name, payloads) => void queued.push(...payloads),
    });
    const [{ failed }] = await rows(
      `SELECT count(*)::int AS failed FROM article WHERE status = 'failed' AND failed_stage <> 'fetch'`,
    );
    expect(await renormalize.count({ failed: true })).toBe(failed);
    const fetchFailed = await rows(`SELECT id FROM article WHERE failed_stage = 'fetch'`);
    expect(fetchFailed.length).toBeGreaterThan(0);
    await renormalize.execute({ ids: fetchFailed.map((r: { id: string }) => r.id) });
    expect(queued).toEqual([]);
  });
});
