import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { JobName, jobIdFor, QueueName } from '@storyline/contracts';
import { PipelineQueue } from '@storyline/pipeline';
import { createIngestApp } from '../../apps/ingest/src/ingest-app';
import { createQueryApp } from '../../apps/query/src/query-app';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

const json = (res: Response): Promise<any> => res.json();

describe('ingest over HTTP', () => {
  let env: TestEnvironment;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    env = await createTestEnvironment('ingest');
    app = await createIngestApp(env.config);
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await env?.teardown();
  });

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  it('accepts a JSON article with 202, an id and a Location', async () => {
    const res = await post(
      '/v1/articles',
      JSON.stringify({ source: 'wire', externalId: 'a-1', title: 'T', body: 'Text.' }),
    );
    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: string };
    expect(body).toMatchObject({ status: 'received', duplicate: false });
    expect(res.headers.get('location')).toMatch(new RegExp(`/v1/articles/${body.id}$`));
  });

  it('returns the existing id for the same source and externalId, and queues nothing new', async () => {
    const body = JSON.stringify({ source: 'wire', externalId: 'dup-1', body: 'Once.' });
    const first = await json(await post('/v1/articles', body));
    const again = await post('/v1/articles', body);
    expect(again.status).toBe(200);
    expect(await json(again)).toMatchObject({ id: first.id, duplicate: true });
  });

  it('honours Idempotency-Key, and refuses the key for a different article', async () => {
    const a = await json(await post('/v1/articles', JSON.stringify({ body: 'One' }), { 'idempotency-key': 'k-1' }));
    const again = await post('/v1/articles', JSON.stringify({ body: 'One' }), { 'idempotency-key': 'k-1' });
    expect(again.status).toBe(200);
    expect((await json(again)).id).toBe(a.id);
    const other = await post('/v1/articles', JSON.stringify({ body: 'Two' }), { 'idempotency-key': 'k-1' });
    expect(other.status).toBe(409);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(await json(other)).toMatchObject({ title: 'Idempotency-Key reused', existingId: a.id });
  });

  it('takes text/plain with the first line as title and source from the query', async () => {
    const res = await fetch(`${base}/v1/articles?source=feed`, {
      method: 'POST',
      body: 'A headline\nThe body text.',
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(202);
    const { id } = await json(res);
    const db = new Client({ connectionString: env.config.DATABASE_URL });
    await db.connect();
    const { rows } = await db.query('SELECT raw_title, raw_text, source FROM article WHERE id = $1', [id]);
    await db.end();
    expect(rows[0]).toEqual({ raw_title: 'A headline', raw_text: 'A headline\nThe body text.', source: 'feed' });
  });

  const stored = async (id: string) => {
    const db = new Client({ connectionString: env.config.DATABASE_URL });
    await db.connect();
    const { rows } = await db.query('SELECT raw_title, raw_text, raw_html FROM article WHERE id = $1', [id]);
    await db.end();
    return rows[0];
  };

  it('ends the title of a text/plain post at a CR alone too', async () => {
    const res = await fetch(`${base}/v1/articles?source=feed`, {
      method: 'POST',
      body: 'Old Mac headline\rThe body.\rMore body.',
      headers: { 'content-type': 'text/plain' },
    });
    expect((await stored((await json(res)).id)).raw_title).toBe('Old Mac headline');
  });

  it('decodes a page in the charset its <meta> names, and unlabelled legacy text as windows-1252', async () => {
    const page = Buffer.concat([
      Buffer.from('<html><head><meta charset="windows-1252"><title>Caf'),
      Buffer.from([0xe9]),
      Buffer.from('</title></head><body><p>Gr'),
      Buffer.from([0xe9]),
      Buffer.from('gory Doucet in K'),
      Buffer.from([0xf6]),
      Buffer.from('ln paid '),
      Buffer.from([0x80]),
      Buffer.from('500.</p></body></html>'),
    ]);
    const html = await fetch(`${base}/v1/articles?source=legacy`, {
      method: 'POST',
      body: page,
      headers: { 'content-type': 'text/html' },
    });
    expect(html.status).toBe(202);
    expect((await stored((await json(html)).id)).raw_html).toContain('Grégory Doucet in Köln paid €500.');
    const text = await fetch(`${base}/v1/articles?source=legacy`, {
      method: 'POST',
      body: Buffer.from([0x5a, 0xfc, 0x72, 0x69, 0x63, 0x68, 0x0a, 0x78]),
      headers: { 'content-type': 'text/plain' },
    });
    expect((await stored((await json(text)).id)).raw_title).toBe('Zürich');
    const unknown = await fetch(`${base}/v1/articles`, {
      method: 'POST',
      body: 'x',
      headers: { 'content-type': 'text/plain; charset=klingon' },
    });
    expect([unknown.status, (await json(unknown)).title]).toEqual([415, 'Unsupported charset']);
  });

  it('stores text with NUL or a lone surrogate, and knows a retry of it', async () => {
    const body = JSON.stringify({ body: 'Harbour \u0000 reopens \ud800 in Riverton' });
    const first = await post('/v1/articles', body, { 'idempotency-key': 'odd-text' });
    expect(first.status).toBe(202);
    const { id } = await json(first);
    expect((await stored(id)).raw_text).toBe('Harbour  reopens \ufffd in Riverton');
    const again = await post('/v1/articles', body, { 'idempotency-key': 'odd-text' });
    expect([again.status, (await json(again)).id]).toEqual([200, id]);
    const batch = await post(
      '/v1/articles/batch',
      JSON.stringify({ articles: [{ body: 'ok' }, { body: 'nul\u0000' }] }),
    );
    expect(batch.status).toBe(202);
    // A query parameter is not article text: one holding NUL is refused, not trimmed into another source.
    const text = await fetch(`${base}/v1/articles?source=a%00b`, {
      method: 'POST',
      body: 'Headline\nBody.',
      headers: { 'content-type': 'text/plain' },
    });
    expect([text.status, (await json(text)).detail]).toEqual([400, 'query parameter source holds NUL']);
  });

  it('makes the text of a batch storable too, in UTF-8 and in UTF-16 JSON', async () => {
    const articles = [{ title: 'T\u0000', body: 'lone \ud800 and pair \ud83d\ude00' }, { body: 'plain' }];
    const utf8 = await post('/v1/articles/batch', JSON.stringify({ articles }));
    const utf16 = await fetch(`${base}/v1/articles/batch`, {
      method: 'POST',
      // Raw UTF-16 can carry a lone surrogate without any escape.
      body: Buffer.from(`{"articles":[{"body":"raw \ud800 lone"}]}`, 'utf16le'),
      headers: { 'content-type': 'application/json; charset=utf-16le' },
    });
    expect([utf8.status, utf16.status]).toEqual([202, 202]);
    const [first, second] = (await json(utf8)).results;
    expect(await stored(first.id)).toMatchObject({ raw_title: 'T', raw_text: 'lone \ufffd and pair \ud83d\ude00' });
    expect((await stored(second.id)).raw_text).toBe('plain');
    expect((await stored((await json(utf16)).results[0].id)).raw_text).toBe('raw \ufffd lone');
  });

  it('refuses query parameters it would ignore', async () => {
    const typo = await fetch(`${base}/v1/articles?source=feed&externalID=f-1`, {
      method: 'POST',
      body: 'A headline\nThe body text.',
      headers: { 'content-type': 'text/plain' },
    });
    expect(typo.status).toBe(400);
    expect((await json(typo)).detail).toMatch(/externalID/);
    const jsonWithQuery = await post('/v1/articles?source=feed', JSON.stringify({ body: 'x' }));
    expect(jsonWithQuery.status).toBe(400);
  });

  it('answers invalid input with problem+json listing the fields', async () => {
    const res = await post('/v1/articles', JSON.stringify({ body: '', url: 'ftp://x', unknown: 1 }));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = await json(res);
    expect(problem).toMatchObject({ status: 400, title: 'Invalid request' });
    expect(problem.errors.length).toBeGreaterThan(0);
  });

  it('says which date formats it takes when publishedAt is not one', async () => {
    const res = await post('/v1/articles', JSON.stringify({ body: 'x', publishedAt: '2031-03-03T10:00:00' }));
    expect(res.status).toBe(400);
    expect(JSON.stringify((await json(res)).errors)).toMatch(/ISO 8601 date-time with an offset/);
    for (const placeholder of ['0001-01-01', '9999-12-31T00:00:00Z']) {
      const far = await post('/v1/articles', JSON.stringify({ body: 'x', publishedAt: placeholder }));
      expect([far.status, JSON.stringify((await json(far)).errors)]).toEqual([
        400,
        expect.stringContaining('in the years 1800 to 2199'),
      ]);
    }
  });

  it('refuses an article whose only text is invisible', async () => {
    for (const body of ['\u200e', '\u0001\u0002', '\u0085\u2066']) {
      expect((await post('/v1/articles', JSON.stringify({ body }))).status).toBe(400);
    }
    const res = await post('/v1/articles', JSON.stringify({ body: '\u200b\u200b \u00ad', title: '\ufeff' }));
    expect([res.status, (await json(res)).errors[0].message]).toEqual([
      400,
      'an article needs a non-empty body, html or title, or a url alone (to be fetched)',
    ]);
  });

  it('answers malformed JSON and unsupported media types with problem+json', async () => {
    const bad = await post('/v1/articles', '{"body": ');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(await json(bad)).toMatchObject({ type: expect.stringMatching(/malformed-json$/), title: 'Malformed JSON' });
    const xml = await fetch(`${base}/v1/articles`, {
      method: 'POST',
      body: '<a/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(xml.status).toBe(415);
    expect(xml.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers a batch per item, in order', async () => {
    const res = await post(
      '/v1/articles/batch',
      JSON.stringify({ articles: [{ body: 'first' }, { body: 42 }, { title: 'headline only' }] }),
    );
    expect(res.status).toBe(207);
    const { results } = await json(res);
    expect(results.map((r: { index: number }) => r.index)).toEqual([0, 1, 2]);
    expect(results[0].status).toBe('received');
    expect(results[1].error).toMatchObject({ status: 400, type: expect.stringMatching(/validation$/) });
    expect(results[1].error.errors.length).toBeGreaterThan(0);
    expect(results[2].status).toBe('received');
  });

  it('answers 207 when a batch item reuses an Idempotency-Key for another article', async () => {
    const first = await post('/v1/articles/batch', JSON.stringify({ articles: [{ body: 'kept' }] }), {
      'idempotency-key': 'batch-k',
    });
    expect(first.status).toBe(202);
    const changed = await post('/v1/articles/batch', JSON.stringify({ articles: [{ body: 'changed' }] }), {
      'idempotency-key': 'batch-k',
    });
    expect(changed.status).toBe(207);
    expect((await json(changed)).results[0].error).toMatchObject({ status: 409, title: 'Idempotency-Key reused' });
  });

  it('refuses an Idempotency-Key reused for an article whose source and externalId are taken too', async () => {
    const a = await json(
      await post('/v1/articles', JSON.stringify({ source: 'wire', externalId: 'reuse-a', body: 'A' }), {
        'idempotency-key': 'reuse-k',
      }),
    );
    await post('/v1/articles', JSON.stringify({ source: 'wire', externalId: 'reuse-b', body: 'B' }));
    const res = await post('/v1/articles', JSON.stringify({ source: 'wire', externalId: 'reuse-b', body: 'B' }), {
      'idempotency-key': 'reuse-k',
    });
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({ existingId: a.id });
  });

  it('accepts concurrent batches that share articles in different orders, each article once', async () => {
    const articles = Array.from({ length: 200 }, (_, i) => ({ source: 'crawl', externalId: `c-${i}`, body: `${i}` }));
    const orders = [articles, [...articles].reverse(), [...articles.slice(100), ...articles.slice(0, 100)]];
    const responses = await Promise.all(
      orders.map((order) => post('/v1/articles/batch', JSON.stringify({ articles: order }))),
    );
    expect(responses.map((r) => r.status).every((status) => status === 202)).toBe(true);
    const ids: string[][] = await Promise.all(
      responses.map(async (r) => (await json(r)).results.map((x: { id: string }) => x.id)),
    );
    expect(new Set(ids.flat()).size).toBe(200);
  });

  it("records a batch's articles in its order, which story assignment follows", async () => {
    const keys = ['m', 'c', 'x', 'a', 'q'];
    const res = await post(
      '/v1/articles/batch',
      JSON.stringify({ articles: keys.map((k) => ({ source: 'ordered', externalId: k, body: k })) }),
    );
    const ids: string[] = (await json(res)).results.map((r: { id: string }) => r.id);
    const db = new Client({ connectionString: env.config.DATABASE_URL });
    await db.connect();
    const { rows } = await db.query('SELECT id FROM article WHERE id = ANY($1) ORDER BY seq', [ids]);
    await db.end();
    expect(rows.map((r) => r.id)).toEqual(ids);
  });

  describe('a batch written in a few statements keeps the one-by-one rules', () => {
    const rows = async (ids: string[]) => {
      const db = new Client({ connectionString: env.config.DATABASE_URL });
      await db.connect();
      const { rows } = await db.query('SELECT id, raw_text, seq FROM article WHERE id = ANY($1) ORDER BY seq', [ids]);
      await db.end();
      return rows as { id: string; raw_text: string; seq: string }[];
    };
    const queued = async (ids: string[]) => {
      const queue = new PipelineQueue(env.config);
      try {
        const normalize = queue.client.getQueue(QueueName.Normalize);
        const jobs = await Promise.all(
          ids.map((articleId) =>
            normalize.getJob(jobIdFor(JobName.NormalizeArticle, { articleId, revision: 0 }) as string),
          ),
        );
        return jobs.filter((job) => job !== undefined).length;
      } finally {
        await queue.client.close();
      }
    };
    const batch = async (articles: unknown[], headers: Record<string, string> = {}) => {
      const res = await post('/v1/articles/batch', JSON.stringify({ articles }), headers);
      return { status: res.status, results: (await json(res)).results as any[] };
    };

    it('stores an article repeated within a batch once, as its first occurrence, and answers the others with it', async () => {
      const { status, results } = await batch([
        { source: 'wire', externalId: 'twice', body: 'first text' },
        { source: 'wire', externalId: 'once', body: 'other' },
        { source: 'wire', externalId: 'twice', body: 'second text' },
      ]);
      expect(status).toBe(202);
      expect(results.map((r) => [r.index, r.status, r.duplicate])).toEqual([
        [0, 'received', false],
        [1, 'received', false],
        [2, 'received', true],
      ]);
      expect(results[2].id).toBe(results[0].id);
      expect(results[2].location).toBe(results[0].location);
      const stored = await rows([results[0].id, results[1].id]);
      expect(stored.map((r) => [r.id, r.raw_text])).toEqual([
        [results[0].id, 'first text'],
        [results[1].id, 'other'],
      ]);
      expect(await queued([results[0].id, results[1].id])).toBe(2);
    });

    it('answers a re-submitted batch with the stored articles, new ones stored and queued in request order', async () => {
      const a = { source: 'resubmit', externalId: 'a', body: 'A' };
      const b = { source: 'resubmit', externalId: 'b', body: 'B' };
      const c = { source: 'resubmit', externalId: 'c', body: 'C' };
      const d = { source: 'resubmit', externalId: 'd', body: 'D' };
      const first = await batch([a, b]);
      const again = await batch([c, b, d, a, b]);
      expect(again.status).toBe(202);
      expect(again.results.map((r) => [r.duplicate, r.status])).toEqual([
        [false, 'received'],
        [true, 'received'],
        [false, 'received'],
        [true, 'received'],
        [true, 'received'],
      ]);
      expect([again.results[1].id, again.results[3].id, again.results[4].id]).toEqual([
        first.results[1].id,
        first.results[0].id,
        first.results[1].id,
      ]);
      const ids = [first.results[0].id, first.results[1].id, again.results[0].id, again.results[2].id];
      expect((await rows(ids)).map((r) => r.id)).toEqual(ids);
      expect(await queued(ids)).toBe(4);
    });

    it('keys batch items "<key>#<index>": a retry is answered item by item, a changed item is refused', async () => {
      const articles = [
        { source: 'keyed', externalId: 'k1', body: 'one' },
        { source: 'keyed', externalId: 'k1', body: 'one again' },
        { body: 'no external id' },
      ];
      const first = await batch(articles, { 'idempotency-key': 'batch-retry' });
      expect(first.status).toBe(202);
      expect(first.results.map((r) => r.duplicate)).toEqual([false, true, false]);
      expect(first.results[1].id).toBe(first.results[0].id);
      const retry = await batch(articles, { 'idempotency-key': 'batch-retry' });
      expect(retry.status).toBe(202);
      expect(retry.results.map((r) => [r.id, r.duplicate])).toEqual(first.results.map((r) => [r.id, true]));
      const changed = await batch([articles[0], articles[1], { body: 'changed' }], {
        'idempotency-key': 'batch-retry',
      });
      expect(changed.status).toBe(207);
      expect(changed.results.slice(0, 2).map((r) => r.id)).toEqual([first.results[0].id, first.results[0].id]);
      expect(changed.results[2].error).toMatchObject({
        status: 409,
        title: 'Idempotency-Key reused',
        existingId: first.results[2].id,
      });
    });

    it('refuses within a batch a key reused for an article whose source and externalId are taken too', async () => {
      const a = await batch([{ source: 'wire', externalId: 'batch-reuse-a', body: 'A' }], {
        'idempotency-key': 'batch-reuse',
      });
      const b = await batch([{ source: 'wire', externalId: 'batch-reuse-b', body: 'B' }]);
      const res = await batch([{ source: 'wire', externalId: 'batch-reuse-b', body: 'B' }], {
        'idempotency-key': 'batch-reuse',
      });
      expect(res.status).toBe(207);
      expect(res.results[0].error).toMatchObject({ status: 409, existingId: a.results[0].id });
      expect(b.results[0].id).not.toBe(a.results[0].id);
    });

    // 2.5 million characters of text: written in three INSERTs and queued in four slices.
    it('stores and queues a batch of 1,000 articles with text of every kind', async () => {
      const odd = 'quote " backslash \\ brace { } comma , NULL null \u00e9 \ud83d\ude00 tab\t';
      const articles = Array.from({ length: 1000 }, (_, i) => ({
        source: 'bulk',
        externalId: `bulk-${i}`,
        title: i % 3 ? `Headline ${i}` : null,
        body: i % 2 ? `${odd} ${i}` : 'x'.repeat(5000),
        url: i % 5 ? undefined : `https://example.com/${i}`,
        publishedAt: i % 7 ? undefined : '2031-03-03T10:00:00+02:00',
        language: i % 11 ? undefined : 'en',
      }));
      const { status, results } = await batch(articles);
      expect(status).toBe(202);
      const ids = results.map((r) => r.id);
      expect(new Set(ids).size).toBe(1000);
      const db = new Client({ connectionString: env.config.DATABASE_URL });
      await db.connect();
      const { rows: stored } = await db.query(
        `SELECT id, raw_title, raw_text, url, published_at_input, language_input, external_id
           FROM article WHERE id = ANY($1) ORDER BY seq`,
        [ids],
      );
      await db.end();
      expect(stored.map((r) => r.id)).toEqual(ids);
      expect(await queued(ids)).toBe(1000);
      expect(stored[1]).toMatchObject({ raw_title: 'Headline 1', raw_text: `${odd} 1`, url: null });
      expect(stored[0]).toMatchObject({
        raw_title: null,
        url: 'https://example.com/0',
        published_at_input: '2031-03-03T10:00:00+02:00',
        language_input: 'en',
        external_id: 'bulk-0',
      });
    });
  });

  it('answers a batch that is not JSON with 415', async () => {
    const res = await post('/v1/articles/batch', 'first\nsecond', { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect((await json(res)).detail).toMatch(/application\/json/);
  });

  it('refuses a batch over 1,000 items', async () => {
    const res = await post(
      '/v1/articles/batch',
      JSON.stringify({ articles: Array.from({ length: 1001 }, () => ({ body: 'x' })) }),
    );
    expect(res.status).toBe(400);
  });

  it('documents the request bodies it validates in its OpenAPI document', async () => {
    const doc = await json(await fetch(`${base}/docs/openapi.json`));
    const single = doc.paths['/v1/articles'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(single.properties)).toEqual(expect.arrayContaining(['externalId', 'title', 'body', 'html']));
    const batch = doc.paths['/v1/articles/batch'].post;
    expect(batch.requestBody.content['application/json'].schema.properties.articles.maxItems).toBe(1000);
    expect(Object.keys(batch.responses)).toEqual(expect.arrayContaining(['202', '207']));
  });

  it('serves liveness and readiness', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect((await json(ready)).info).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });
});

describe('ingest while Redis is unreachable', () => {
  let env: TestEnvironment;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    env = await createTestEnvironment('ingest_redis_down');
    // Nothing listens on port 1: every Redis command fails to connect.
    app = await createIngestApp({ ...env.config, REDIS_URL: 'redis://127.0.0.1:1' });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await env?.teardown();
  });

  it('still accepts an article (stored for the sweeper to queue) and answers', async () => {
    const res = await fetch(`${base}/v1/articles`, {
      method: 'POST',
      body: JSON.stringify({ source: 'wire', externalId: 'while-down', body: 'Stored first.' }),
      headers: { 'content-type': 'application/json' },
      signal: AbortSignal.timeout(15_000),
    });
    expect(res.status).toBe(202);
    const { id } = await json(res);
    const db = new Client({ connectionString: env.config.DATABASE_URL });
    await db.connect();
    const { rows } = await db.query('SELECT status FROM article WHERE id = $1', [id]);
    await db.end();
    expect(rows).toEqual([{ status: 'received' }]);
  });

  it('still serves metrics, saying Redis did not answer', async () => {
    const query = await createQueryApp({ ...env.config, REDIS_URL: 'redis://127.0.0.1:1' });
    await query.listen(0, '127.0.0.1');
    try {
      const res = await fetch(`${await query.getUrl()}/metrics`, { signal: AbortSignal.timeout(15_000) });
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(text).toMatch(/^storyline_metrics_source_up\{source="redis",service="query"\} 0$/m);
      expect(text).toMatch(/^storyline_metrics_source_up\{source="postgres",service="query"\} 1$/m);
      expect(text).not.toMatch(/^storyline_queue_jobs\{/m);
    } finally {
      await query.close();
    }
  });

  it('answers a webhook test while Redis is unreachable, leaving the stored delivery to the sweep', async () => {
    const query = await createQueryApp({ ...env.config, REDIS_URL: 'redis://127.0.0.1:1' });
    await query.listen(0, '127.0.0.1');
    const queryUrl = await query.getUrl();
    const send = (path: string, body?: unknown) =>
      fetch(`${queryUrl}${path}`, {
        method: 'POST',
        body: body === undefined ? undefined : JSON.stringify(body),
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        signal: AbortSignal.timeout(15_000),
      });
    const sub = await json(await send('/v1/webhooks', { url: 'http://127.0.0.1:9/hooks' }));
    const test = await send(`/v1/webhooks/${sub.id}/test`);
    expect(test.status).toBe(202);
    const { deliveryId } = await json(test);
    const db = new Client({ connectionString: env.config.DATABASE_URL });
    await db.connect();
    const { rows } = await db.query('SELECT status FROM webhook_delivery WHERE id = $1', [deliveryId]);
    await db.end();
    expect(rows).toEqual([{ status: 'pending' }]);
    await query.close();
  });

  it('reports Redis, by name, as what makes it unready', async () => {
    const ready = await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(15_000) });
    expect(ready.status).toBe(503);
    const problem = await json(ready);
    expect(problem.detail).toBe('unavailable: redis');
    expect(problem.checks).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'down' } });
  });
});
