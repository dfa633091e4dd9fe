import { Client } from 'pg';
import { FetchMetrics, PageCollector } from '@storyline/pipeline';
import { articlePage, NewsSite } from '../support/news-site';
import { Stack } from '../support/stack';
import { createTestEnvironment, TestEnvironment, waitUntil } from '../support/test-environment';

const HOST_CONCURRENCY = 2;
const SLOW_MS = 400;
const PAGES = 8;

const page = (n: number) =>
  articlePage({
    title: `Harbour notice ${n}`,
    paragraphs: [
      `PORT ELLIS — Notice ${n} of the harbour office concerns the berths along the south quay this week.`,
      'Boat owners were asked to follow the signs put up by the port authority while the work goes on.',
    ],
  });

describe('politeness across two fetch workers (one Redis, one slow site)', () => {
  let env: TestEnvironment;
  let stack: Stack;
  let slow: NewsSite;
  let busy: NewsSite;
  let db: Client;

  const post = async (url: string) => (await stack.postArticle({ url })).body.id as string;
  const fetchRow = (id: string) =>
    waitUntil(
      async () => {
        const [row] = (
          await db.query(`SELECT outcome, http_status, attempts, reason FROM page_fetch WHERE article_id = $1`, [id])
        ).rows;
        return row && row.outcome !== 'pending' ? row : null;
      },
      { what: `the fetch of article ${id}` },
    );

  beforeAll(async () => {
    slow = await new NewsSite().start();
    busy = await new NewsSite().start();
    for (let n = 1; n <= PAGES; n++) {
      slow.route(`/notices/${n}`, (_req, res) => {
        setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(page(n)), SLOW_MS);
      });
    }
    env = await createTestEnvironment('fetch-politeness', {
      FETCH_ALLOW_PRIVATE_NETWORKS: 'true',
      FETCH_HOST_CONCURRENCY: String(HOST_CONCURRENCY),
      // Half the pages per worker at most: neither can take them all, so both fetch some.
      FETCH_CONCURRENCY: String(PAGES / 2),
      // Short, so that the open requests, not the spacing, are what holds the slow site back.
      FETCH_HOST_DELAY_MS: '20',
      FETCH_TIMEOUT_MS: '5000',
      JOB_ATTEMPTS: '3',
    });
    // Fetch workers only: what is fetched waits in `received`, which is all these tests look at.
    stack = await Stack.start(env.config, ['fetch', 'fetch']);
    db = new Client({ connectionString: env.config.DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
    await slow?.stop();
    await busy?.stop();
    await env?.teardown();
  });

  it('keeps the requests open to a slow host within FETCH_HOST_CONCURRENCY for both workers together', async () => {
    const workers = stack.workersNamed('fetch');
    expect(workers).toHaveLength(2);
    const pages = `/notices/`;
    const open = () => {
      // A request is open from its arrival until its answer, SLOW_MS later.
      const starts = slow.requests.filter((r) => r.path.startsWith(pages)).map((r) => r.at);
      const now = Date.now();
      return starts.filter((at) => now - at < SLOW_MS).length;
    };
    let mostOpen = 0;
    let mostWaiting = 0;
    const sampler = setInterval(() => {
      mostOpen = Math.max(mostOpen, open());
      // The per-host metric: each worker's own waiting requests; together, the host's queue.
      const waiting = workers
        .map((w) => w.get(PageCollector).politeness.queueDepths().get(new URL(slow.base).host) ?? 0)
        .reduce((a, b) => a + b, 0);
      mostWaiting = Math.max(mostWaiting, waiting);
    }, 20);
    const ids = await Promise.all(Array.from({ length: PAGES }, (_, i) => post(`${slow.base}/notices/${i + 1}`)));
    const rows = await Promise.all(ids.map(fetchRow));
    clearInterval(sampler);
    expect(rows.map((r) => r.outcome)).toEqual(Array(PAGES).fill('fetched'));

    // From the site's side: at most two requests at once, with the answers' overlap measured from its own stamps.
    const starts = slow.requests.filter((r) => r.path.startsWith(pages)).map((r) => r.at);
    expect(starts).toHaveLength(PAGES);
    const overlapping = starts.map((at) => starts.filter((other) => other >= at && other < at + SLOW_MS - 50).length);
    expect(Math.max(...overlapping)).toBeLessThanOrEqual(HOST_CONCURRENCY);
    expect(mostOpen).toBe(HOST_CONCURRENCY);
    // Eight pages, two at a time, 400 ms each: four rounds at least.
    expect(Math.max(...starts) - Math.min(...starts)).toBeGreaterThanOrEqual(3 * SLOW_MS - 100);
    expect(mostWaiting).toBeGreaterThanOrEqual(2);

    // Both workers fetched: the cap held across them, not because one of them did all the work.
    const fetchedBy = await Promise.all(
      workers.map(async (w) => {
        const { values } = await w.get(FetchMetrics).fetches.get();
        return values.find((v) => v.labels.outcome === 'fetched')?.value ?? 0;
      }),
    );
    expect(fetchedBy.every((n) => n > 0)).toBe(true);
    expect(fetchedBy.reduce((a, b) => a + b, 0)).toBe(PAGES);
  });

  it('fetches each page once across restarts: new workers answer its other spellings with the first article', async () => {
    const before = await db.query(`SELECT url_key, article_id FROM page_fetch WHERE url_key LIKE $1`, [
      `${slow.base}/%`,
    ]);
    expect(before.rows).toHaveLength(PAGES);
    await stack.stopWorker('fetch');
    await stack.startWorker('fetch');
    await stack.startWorker('fetch');
    const again = await Promise.all(
      before.rows.map((row: { url_key: string }) => stack.postArticle({ url: `${row.url_key}?utm_source=again#top` })),
    );
    expect(again.map((r) => [r.status, r.body.duplicate])).toEqual(Array(PAGES).fill([200, true]));
    expect(again.map((r) => r.body.id).sort()).toEqual(
      before.rows.map((r: { article_id: string }) => r.article_id).sort(),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(slow.requests.filter((r) => r.path.startsWith('/notices/'))).toHaveLength(PAGES);
  });

  it('waits out a Retry-After on a page fetch: the job and every other request to that host', async () => {
    let refused = false;
    busy
      .route('/news/tolls', (_req, res) => {
        if (refused) return void res.writeHead(200, { 'content-type': 'text/html' }).end(page(20));
        refused = true;
        res.writeHead(429, { 'retry-after': '2', 'content-type': 'text/plain' }).end('slow down');
      })
      .page('/news/berths', page(21));
    const tolls = await post(`${busy.base}/news/tolls`);
    // Refused and to be tried again: by then the worker has put the host on hold.
    await waitUntil(
      async () =>
        (await db.query(`SELECT 1 FROM page_fetch WHERE article_id = $1 AND reason LIKE '%will try again%'`, [tolls]))
          .rowCount === 1,
      { what: 'the first attempt to be refused' },
    );
    const berths = await post(`${busy.base}/news/berths`);

    const [tollsRow, berthsRow] = await Promise.all([fetchRow(tolls), fetchRow(berths)]);
    expect(tollsRow).toMatchObject({ outcome: 'fetched', http_status: 200, attempts: 2 });
    expect(berthsRow).toMatchObject({ outcome: 'fetched', http_status: 200 });

    const refusedAt = busy.hits('/news/tolls')[0].at;
    const [, retried] = busy.hits('/news/tolls');
    // The job's own backoff is JOB_BACKOFF_MS (100 ms) here: only the Retry-After makes it two seconds.
    expect(retried.at - refusedAt).toBeGreaterThanOrEqual(1950);
    // Posted after the 429, the other page of the host was not asked for until the site's two seconds had passed.
    expect(busy.hits('/news/berths')).toHaveLength(1);
    expect(busy.hits('/news/berths')[0].at - refusedAt).toBeGreaterThanOrEqual(1950);
  });
});
