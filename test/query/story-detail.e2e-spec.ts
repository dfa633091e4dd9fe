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
    const article = (
      articleId: string,
      s: { story?: string; source: string; published: string | null; language?: string; canonical?: string },
    ) =>
      db.query(
        `INSERT INTO article (id, content_type, status, story_id, source, title, published_at, received_at, language,
                              canonical_id, url)
         VALUES ($1, 'text/plain', 'done', $2, $3, $3 || ' report', $4, '2031-03-03T14:20:00Z', $5, $6, $7)`,
        [
          articleId,
          s.story ?? storyId,
          s.source,
          s.published,
          s.language ?? 'en',
          s.canonical ?? null,
          `https://${s.source}.example/${articleId}`,
        ],
      );
    const link = (copy: string, canonical: string, kind: string) =>
      db.query(
        `INSERT INTO syndication_link (copy_id, canonical_id, kind, jaccard, containment) VALUES ($1, $2, $3, 0.9, 0.95)`,
        [copy, canonical, kind],
      );
    await article(a.original, { story: elsewhere, source: 'coast-gazette', published: '2031-03-03T09:00:00Z' });
    await article(a.wire, { source: 'harbour-wire', published: '2031-03-03T10:05:00Z' });
    await article(a.gazette, { source: 'coast-gazette', published: '2031-03-03T10:40:00Z', canonical: a.wire });
    await article(a.radio, { source: 'radio-ellis', published: '2031-03-03T12:10:00Z', canonical: a.wire });
    await article(a.german, { source: 'hafenblatt', published: '2031-03-03T11:30:00Z', language: 'de' });
    await article(a.blog, { source: 'river-blog', published: '2031-03-03T13:00:00Z', canonical: a.original });
    await article(a.undated, { source: 'harbour-wire', published: null });
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
      syndication: null,
    });
    expect(body.textCount).toBe(4);
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
});
