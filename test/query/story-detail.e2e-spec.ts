import { Client } from 'pg';
import { StoryDetail } from '@storyline/contracts';
import { HttpApps, listenHttpApps } from '../support/http-apps';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

/**
 * GET /v1/stories/{id}'s texts (articles grouped by syndication), timeline and languages over real HTTP against
 * real Postgres, on a story written straight into the tables so that every time and link is known.
 */
describe('story detail: texts, timeline, languages', () => {
  let env: TestEnvironment;
  let apps: HttpApps;
  let db: Client;

  const id = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
  const storyId = id(100);
  const elsewhere = id(200);
  const a = {
    wire: id(1), // the wire's report: canonical of two copies
    gazette: id(2), // an exact copy of it
    radio: id(3), // a near copy of it
    german: id(4), // a text of its own, in German
    blog: id(5), // a copy of an article in another story
    undated: id(6), // no publication time: placed at its receipt
    original: id(7), // the blog's original, in the other story
  };

  const get = async (path: string) => {
    const res = await fetch(`${apps.queryUrl}${path}`);
    return { status: res.status, body: (await res.json()) as any };
  };

  const article = (
    articleId: string,
    s: {
      story?: string;
      source: string;
      published: string;
      /** The normalizer's provenance of the publication time. */
      from?: string;
      language?: string;
      canonical?: string;
    },
  ) =>
    db.query(
      `INSERT INTO article (id, content_type, status, story_id, source, title, published_at, received_at, language,
                            canonical_id, url, metadata)
       VALUES ($1, 'text/plain', 'done', $2, $3, $3 || ' report', $4::timestamptz, '2031-03-03T14:20:00Z', $5, $6, $7,
               jsonb_build_object('publishedAt', jsonb_build_object('value', $4::text, 'source', $8::text)))`,
      [
        articleId,
        s.story ?? storyId,
        s.source,
        s.published,
        s.language ?? 'en',
        s.canonical ?? null,
        `https://${s.source}.example/${articleId}`,
        s.from ?? 'input',
      ],
    );
  const link = (copy: string, canonical: string, kind: string) =>
    db.query(
      `INSERT INTO syndication_link (copy_id, canonical_id, kind, jaccard, containment) VALUES ($1, $2, $3, 0.9, 0.95)`,
      [copy, canonical, kind],
    );

  beforeAll(async () => {
    env = await createTestEnvironment('story_detail');
    apps = await listenHttpApps(env.config);
    db = new Client({ connectionString: env.config.DATABASE_URL });
    await db.connect();
    for (const [story, title] of [
      [storyId, 'Ellis river dam opens every floodgate'],
      [elsewhere, 'Coast road closed'],
    ]) {
      await db.query(
        `INSERT INTO story (id, title, version, article_count, first_seen_at, last_seen_at, sources, profile)
         VALUES ($1, $2, 1, 1, '2031-03-03T10:05:00Z', '2031-03-03T13:00:00Z', '{}', '{}')`,
        [story, title],
      );
    }
    await article(a.original, { story: elsewhere, source: 'coast-gazette', published: '2031-03-03T09:00:00Z' });
    await article(a.wire, { source: 'harbour-wire', published: '2031-03-03T10:05:00Z' });
    await article(a.gazette, { source: 'coast-gazette', published: '2031-03-03T10:40:00Z', canonical: a.wire });
    await article(a.radio, { source: 'radio-ellis', published: '2031-03-03T12:10:00Z', canonical: a.wire });
    await article(a.german, {
      source: 'hafenblatt',
      published: '2031-03-03T11:30:00Z',
      from: 'dateline',
      language: 'de',
    });
    await article(a.blog, { source: 'river-blog', published: '2031-03-03T13:00:00Z', canonical: a.original });
    // As the normalizer leaves an article without a date: the receive time, said to be one.
    await article(a.undated, { source: 'harbour-wire', published: '2031-03-03T14:20:00Z', from: 'received' });
    await link(a.gazette, a.wire, 'exact');
    await link(a.radio, a.wire, 'near');
    await link(a.blog, a.original, 'exact');
  });

  afterAll(async () => {
    await db?.end();
    await apps?.close();
    await env?.teardown();
  });

  it('groups the articles by text, a canonical with its copies, texts by their first article', async () => {
    const { status, body } = await get(`/v1/stories/${storyId}`);
    expect(status).toBe(200);
    expect(StoryDetail.safeParse(body).success).toBe(true);
    const shape = body.texts.map((t: any) => ({
      canonical: t.canonical && [t.canonical.id, t.canonical.syndication],
      copies: t.copies.map((c: any) => [c.id, c.syndication]),
    }));
    expect(shape).toEqual([
      {
        canonical: [a.wire, null],
        copies: [
          [a.gazette, 'exact'],
          [a.radio, 'near'],
        ],
      },
      { canonical: [a.german, null], copies: [] },
      // Its canonical is in the other story: the copy alone stands here.
      { canonical: null, copies: [[a.blog, 'exact']] },
      { canonical: [a.undated, null], copies: [] },
    ]);
    expect(body.texts[0].canonical).toEqual({
      id: a.wire,
      title: 'harbour-wire report',
      source: 'harbour-wire',
      url: `https://harbour-wire.example/${a.wire}`,
      publishedAt: '2031-03-03T10:05:00.000Z',
      publishedFrom: 'declared',
      syndication: null,
    });
    expect(body.textCount).toBe(4);
    expect(body.textsNextCursor).toBeNull();
  });

  it('has a timeline of the hours articles joined in, with the sources each brought first', async () => {
    const { body } = await get(`/v1/stories/${storyId}`);
    expect(body.timeline).toEqual([
      { hour: '2031-03-03T10:00:00Z', articles: 2, sourcesJoining: ['coast-gazette', 'harbour-wire'] },
      { hour: '2031-03-03T11:00:00Z', articles: 1, sourcesJoining: ['hafenblatt'] },
      { hour: '2031-03-03T12:00:00Z', articles: 1, sourcesJoining: ['radio-ellis'] },
      { hour: '2031-03-03T13:00:00Z', articles: 1, sourcesJoining: ['river-blog'] },
      // The undated article, at its receipt; its source had joined already.
      { hour: '2031-03-03T14:00:00Z', articles: 1, sourcesJoining: [] },
    ]);
    expect(body.languages).toEqual([
      { language: 'en', articles: 5 },
      { language: 'de', articles: 1 },
    ]);
  });

  it('keeps the hours in UTC whatever the session time zone', async () => {
    await db.query(
      `ALTER DATABASE "${new URL(env.config.DATABASE_URL).pathname.slice(1)}" SET timezone = 'Asia/Kolkata'`,
    );
    const fresh = await listenHttpApps(env.config);
    try {
      const res = await fetch(`${fresh.queryUrl}/v1/stories/${storyId}`);
      const body = (await res.json()) as any;
      expect(body.timeline.map((h: { hour: string }) => h.hour)).toEqual([
        '2031-03-03T10:00:00Z',
        '2031-03-03T11:00:00Z',
        '2031-03-03T12:00:00Z',
        '2031-03-03T13:00:00Z',
        '2031-03-03T14:00:00Z',
      ]);
    } finally {
      await fresh.close();
    }
  });

  it('gives a story without articles empty texts, timeline and languages', async () => {
    const { body } = await get(`/v1/stories/${elsewhere}`);
    expect(body.texts.map((t: any) => t.canonical?.id)).toEqual([a.original]);
    await db.query(`UPDATE article SET story_id = NULL WHERE story_id = $1`, [elsewhere]);
    const empty = await get(`/v1/stories/${elsewhere}`);
    expect(empty.body).toMatchObject({ texts: [], textCount: 0, timeline: [], languages: [] });
  });

  it('says where each date came from: declared, read from the text, or the receive time', async () => {
    const { body } = await get(`/v1/stories/${storyId}/articles`);
    expect(body.items.map((x: any) => [x.id, x.publishedAt, x.publishedFrom])).toEqual([
      [a.wire, '2031-03-03T10:05:00.000Z', 'declared'],
      [a.gazette, '2031-03-03T10:40:00.000Z', 'declared'],
      [a.german, '2031-03-03T11:30:00.000Z', 'text'],
      [a.radio, '2031-03-03T12:10:00.000Z', 'declared'],
      [a.blog, '2031-03-03T13:00:00.000Z', 'declared'],
      [a.undated, '2031-03-03T14:20:00.000Z', 'received'],
    ]);
    const detail = await get(`/v1/stories/${storyId}`);
    expect(detail.body.articles.map((x: any) => x.publishedFrom)).toEqual(body.items.map((x: any) => x.publishedFrom));
    expect(detail.body.texts.map((t: any) => (t.canonical ?? t.copies[0]).publishedFrom)).toEqual([
      'declared',
      'text',
      'declared',
      'received',
    ]);
  });

  describe('a story of texts at one instant', () => {
    const tied = id(300);
    // Five texts, all first published at the same instant; the first two have a copy each, later.
    const texts = [id(35), id(31), id(34), id(32), id(33)];
    const copies = [id(41), id(42)];

    beforeAll(async () => {
      await db.query(
        `INSERT INTO story (id, title, version, article_count, first_seen_at, last_seen_at, sources, profile)
         VALUES ($1, 'Ferry timetable changes', 1, 7, '2031-04-01T08:00:00Z', '2031-04-01T09:00:00Z', '{}', '{}')`,
        [tied],
      );
      for (const t of texts) {
        await article(t, { story: tied, source: `outlet-${t.slice(-2)}`, published: '2031-04-01T08:00:00Z' });
      }
      for (const [i, c] of copies.entries()) {
        await article(c, { story: tied, source: 'wire-copy', published: '2031-04-01T09:00:00Z', canonical: texts[i] });
        await link(c, texts[i], 'exact');
      }
    });

    /** Every page of a listing of the story, `limit` at a time, through nextCursor. */
    const pages = async (listing: 'articles' | 'texts', limit: number) => {
      const seen: any[] = [];
      let cursor: string | null = null;
      do {
        const res = await get(
          `/v1/stories/${tied}/${listing}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(limit);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      return seen;
    };

    it('lists articles of equal times by id, page after page', async () => {
      const sorted = [...texts].sort();
      const all = await pages('articles', 2);
      expect(all.map((x) => x.id)).toEqual([...sorted, ...copies]);
    });

    it('pages through texts past the first page, each text once with its copies, ties by id', async () => {
      const sorted = [...texts].sort();
      for (const limit of [1, 2, 5, 100]) {
        const all = await pages('texts', limit);
        expect(all.map((t) => t.canonical.id)).toEqual(sorted);
        expect(all.map((t) => t.copies.map((c: any) => c.id))).toEqual(
          sorted.map((t) => (t === texts[0] ? [copies[0]] : t === texts[1] ? [copies[1]] : [])),
        );
      }
    });

    it('refuses a cursor of another listing or one edited, and answers 404 for an unknown story', async () => {
      const articles = await get(`/v1/stories/${tied}/articles?limit=1`);
      const texts1 = await get(`/v1/stories/${tied}/texts?limit=1`);
      expect(texts1.body.nextCursor).toEqual(expect.any(String));
      const wrong = await get(`/v1/stories/${tied}/texts?cursor=${encodeURIComponent(articles.body.nextCursor)}`);
      expect(wrong.status).toBe(400);
      const other = await get(`/v1/stories/${tied}/articles?cursor=${encodeURIComponent(texts1.body.nextCursor)}`);
      expect(other.status).toBe(400);
      expect((await get(`/v1/stories/${tied}/texts?cursor=nonsense`)).status).toBe(400);
      expect((await get(`/v1/stories/${id(999)}/texts`)).status).toBe(404);
    });

    it('gives the detail a texts cursor when it holds more than its texts show', async () => {
      // 100 texts fit in the detail: a hundred more singles make it continue.
      await db.query(
        `INSERT INTO article (id, content_type, status, story_id, source, title, published_at, received_at)
         SELECT ('00000000-0000-4000-9000-' || lpad(g::text, 12, '0'))::uuid, 'text/plain', 'done', $1, 'bulk',
                'bulk report', '2031-04-01T10:00:00Z', '2031-04-01T10:05:00Z'
           FROM generate_series(1, 100) g`,
        [tied],
      );
      const { body } = await get(`/v1/stories/${tied}`);
      expect(StoryDetail.safeParse(body).success).toBe(true);
      expect(body.texts).toHaveLength(100);
      expect(body.textCount).toBe(105);
      const rest = await get(`/v1/stories/${tied}/texts?cursor=${encodeURIComponent(body.textsNextCursor)}`);
      expect(rest.body.items.map((t: any) => t.canonical.id)).toEqual(
        ['00000000-0000-4000-9000-000000000096', '00000000-0000-4000-9000-000000000097'].concat(
          ['098', '099', '100'].map((n) => `00000000-0000-4000-9000-000000000${n}`),
        ),
      );
      expect(rest.body.items[0].canonical.publishedFrom).toBe('received');
      expect(rest.body.nextCursor).toBeNull();
    });
  });
});
