import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { StoryPage } from '@storyline/contracts';
import { variantKey } from '@storyline/nlp';
import { HttpApps, listenHttpApps } from '../support/http-apps';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

/**
 * GET /v1/stories' filters, sorts and cursors over real HTTP against real Postgres. The stories are written
 * straight into the tables, so their times, counts and ties are exactly what each case needs.
 */
describe('story list filters and sorts', () => {
  let env: TestEnvironment;
  let apps: HttpApps;
  let db: Client;

  // Ids chosen so ties break in a known order (descending id: later letters of the alphabet first).
  const id = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
  const story = {
    port: id(1), // flood in Port Ellis: three sources, five articles
    ferry: id(2), // ferry strike: updated and first seen at the same instant as tram
    tram: id(3),
    glacier: id(4), // one German article
    dam: id(5), // the largest
    merged: id(6), // merged into dam: never listed
    unheard: id(7), // version 0: no subscriber has heard of it
  };
  const kyiv = randomUUID();
  const ellis = randomUUID();

  const list = async (query = '') => {
    const res = await fetch(`${apps.queryUrl}/v1/stories${query ? `?${query}` : ''}`);
    return { status: res.status, body: (await res.json()) as any };
  };
  const ids = async (query = '') => {
    const res = await list(query);
    expect([query, res.status]).toEqual([query, 200]);
    expect(StoryPage.safeParse(res.body).success).toBe(true);
    return res.body.items.map((s: { id: string }) => s.id);
  };
  /** Every page of a listing followed through nextCursor, `limit` at a time. */
  const allPages = async (query: string, limit: number) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(`${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((s: { id: string }) => s.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    return seen;
  };

  beforeAll(async () => {
    env = await createTestEnvironment('story_list');
    apps = await listenHttpApps(env.config);
    db = new Client({ connectionString: env.config.DATABASE_URL });
    await db.connect();
    const addStory = (
      storyId: string,
      s: { firstSeen: string; updated: string; articles: number; sources: string[]; version?: number },
    ) =>
      db.query(
        `INSERT INTO story (id, title, version, article_count, first_seen_at, last_seen_at, updated_at, sources, profile)
         VALUES ($1, $7, $2, $3, $4, $4, $5, $6, '{}')`,
        [storyId, s.version ?? 1, s.articles, s.firstSeen, s.updated, s.sources, `story ${storyId}`],
      );
    await addStory(story.port, {
      firstSeen: '2031-03-01T08:00:00Z',
      updated: '2031-03-04T12:00:00.000001Z',
      articles: 5,
      sources: ['coast-gazette', 'harbour-wire', 'radio-ellis'],
    });
    await addStory(story.ferry, {
      firstSeen: '2031-03-02T09:00:00Z',
      updated: '2031-03-04T12:00:00Z',
      articles: 2,
      sources: ['harbour-wire'],
    });
    await addStory(story.tram, {
      firstSeen: '2031-03-02T09:00:00Z',
      updated: '2031-03-04T12:00:00Z',
      articles: 2,
      sources: ['city-desk', 'harbour-wire'],
    });
    await addStory(story.glacier, {
      firstSeen: '2031-03-03T07:00:00Z',
      updated: '2031-03-03T07:30:00Z',
      articles: 1,
      sources: ['glacier-times'],
    });
    await addStory(story.dam, {
      firstSeen: '2031-02-27T06:00:00Z',
      updated: '2031-03-05T06:00:00Z',
      articles: 9,
      sources: ['harbour-wire', 'radio-ellis'],
    });
    await addStory(story.merged, {
      firstSeen: '2031-03-01T00:00:00Z',
      updated: '2031-03-06T00:00:00Z',
      articles: 3,
      sources: ['harbour-wire'],
    });
    await db.query(`UPDATE story SET merged_into_id = $2 WHERE id = $1`, [story.merged, story.dam]);
    await addStory(story.unheard, {
      firstSeen: '2031-03-01T00:00:00Z',
      updated: '2031-03-07T00:00:00Z',
      articles: 3,
      sources: ['harbour-wire'],
      version: 0,
    });

    // Kyiv is known by one spelling in articles; Kiev reaches it through its key. Ellis, Port Ellis's river.
    await db.query(`INSERT INTO entity (id, key, type, canonical_name) VALUES ($1, $2, 'LOCATION', 'Kyiv')`, [
      kyiv,
      `LOCATION:${variantKey('Kyiv')}`,
    ]);
    await db.query(
      `INSERT INTO entity (id, key, type, canonical_name) VALUES ($1, 'LOCATION:ellis', 'LOCATION', 'Ellis')`,
      [ellis],
    );
    await db.query(
      `INSERT INTO entity_alias (entity_id, alias, count) VALUES ($1, 'Kyiv', 4), ($2, 'Ellis', 2), ($2, 'Ellis River', 1)`,
      [kyiv, ellis],
    );
    const mention = (storyId: string, entityId: string) =>
      db.query(
        `INSERT INTO story_entity (story_id, entity_id, mentions, tier, articles, titles, leads)
         VALUES ($1, $2, 1, 0, 1, 0, 0)`,
        [storyId, entityId],
      );
    await mention(story.ferry, kyiv);
    await mention(story.port, ellis);
    await mention(story.dam, ellis);
    await mention(story.merged, ellis);

    const article = (storyId: string, language: string, status: string, title: string) =>
      db.query(
        `INSERT INTO article (id, content_type, status, language, story_id, source, title, text)
         VALUES ($1, 'text/plain', $2, $3, $4, 'harbour-wire', $5, $5)`,
        [randomUUID(), status, language, storyId, title],
      );
    await article(story.glacier, 'de', 'done', 'Gletscher verliert elf Meter Eis');
    await article(story.port, 'en', 'done', 'Floodgates opened in Port Ellis');
    await article(story.dam, 'en', 'done', 'Ellis dam opens every floodgate');
    // Not done: its language does not count yet.
    await article(story.tram, 'de', 'normalized', 'Strassenbahn steht still');
  });

  afterAll(async () => {
    await db?.end();
    await apps?.close();
    await env?.teardown();
  });

  it('lists live stories newest-updated first, ties by id, without merged or unannounced ones', async () => {
    expect(await ids()).toEqual([story.dam, story.port, story.tram, story.ferry, story.glacier]);
    expect(await ids('sort=updated')).toEqual([story.dam, story.port, story.tram, story.ferry, story.glacier]);
  });

  it('sorts by first seen and by size, newest or largest first, ties by id', async () => {
    expect(await ids('sort=firstSeen')).toEqual([story.glacier, story.tram, story.ferry, story.port, story.dam]);
    expect(await ids('sort=size')).toEqual([story.dam, story.port, story.tram, story.ferry, story.glacier]);
  });

  it.each(['updated', 'firstSeen', 'size'])(
    'pages through sort=%s one story at a time, ties included',
    async (sort) => {
      const whole = await ids(`sort=${sort}`);
      expect(await allPages(`sort=${sort}`, 1)).toEqual(whole);
      expect(await allPages(`sort=${sort}`, 2)).toEqual(whole);
      // The last page is full and says so: no empty page after it.
      const last = await list(`sort=${sort}&limit=5`);
      expect(last.body.items).toHaveLength(5);
      expect(last.body.nextCursor).toBeNull();
    },
  );

  it('pages a filtered listing with the filter kept', async () => {
    expect(await allPages('source=harbour-wire&sort=size', 1)).toEqual([
      story.dam,
      story.port,
      story.tram,
      story.ferry,
    ]);
  });

  it("refuses another sort's cursor, and a made-up one, as invalid-cursor", async () => {
    const bySize = (await list('sort=size&limit=1')).body.nextCursor;
    const byUpdate = (await list('limit=1')).body.nextCursor;
    const byFirstSeen = (await list('sort=firstSeen&limit=1')).body.nextCursor;
    for (const [sort, cursor] of [
      ['updated', bySize],
      ['firstSeen', byUpdate],
      ['size', byFirstSeen],
      ['size', Buffer.from(JSON.stringify(['size', '-1', story.dam])).toString('base64url')],
      ['size', Buffer.from(JSON.stringify(['size', '99999999999', story.dam])).toString('base64url')],
      [
        'firstSeen',
        Buffer.from(JSON.stringify(['firstSeen', '2031-02-30T00:00:00.000000Z', story.dam])).toString('base64url'),
      ],
      ['updated', 'not-a-cursor'],
    ]) {
      const res = await list(`sort=${sort}&cursor=${encodeURIComponent(cursor)}`);
      expect([sort, res.status, res.body.type]).toEqual([sort, 400, expect.stringContaining('invalid-cursor')]);
    }
  });

  it('filters by first-seen and last-updated ranges, from inclusive, to exclusive', async () => {
    expect(await ids('firstSeenFrom=2031-03-02T09:00:00Z')).toEqual([story.tram, story.ferry, story.glacier]);
    expect(await ids('firstSeenTo=2031-03-02T09:00:00Z')).toEqual([story.dam, story.port]);
    expect(await ids('firstSeenFrom=2031-03-02T10:00:00%2B01:00&firstSeenTo=2031-03-03T07:00:00Z')).toEqual([
      story.tram,
      story.ferry,
    ]);
    // Microseconds count: port was updated one microsecond after the ferry and tram stories.
    expect(await ids('updatedFrom=2031-03-04T12:00:00.000001Z')).toEqual([story.dam, story.port]);
    expect(await ids('updatedTo=2031-03-04T12:00:00.000001Z&sort=size')).toEqual([
      story.tram,
      story.ferry,
      story.glacier,
    ]);
    expect(await ids('updatedFrom=2031-03-05T00:00:00Z&updatedTo=2031-03-04T00:00:00Z')).toEqual([]);
  });

  it('filters by entity id, or by a name any of its aliases or spellings has', async () => {
    expect(await ids(`entity=${ellis}`)).toEqual([story.dam, story.port]);
    expect(await ids(`entity=${kyiv}`)).toEqual([story.ferry]);
    expect(await ids('entity=ellis%20river')).toEqual([story.dam, story.port]);
    expect(await ids('entity=KYIV')).toEqual([story.ferry]);
    expect(await ids('entity=Kiev')).toEqual([story.ferry]);
    // A name matches whole: no fuzzy widening to Ellis.
    expect(await ids('entity=Elli')).toEqual([]);
    expect(await ids(`entity=${randomUUID()}`)).toEqual([]);
  });

  it('filters by source, language, minimum articles and minimum sources', async () => {
    expect(await ids('source=radio-ellis')).toEqual([story.dam, story.port]);
    expect(await ids('source=nowhere')).toEqual([]);
    expect(await ids('language=DE')).toEqual([story.glacier]);
    expect(await ids('language=en&sort=firstSeen')).toEqual([story.port, story.dam]);
    expect(await ids('minArticles=2&sort=size')).toEqual([story.dam, story.port, story.tram, story.ferry]);
    expect(await ids('minArticles=9')).toEqual([story.dam]);
    expect(await ids('minSources=2')).toEqual([story.dam, story.port, story.tram]);
    expect(await ids('minSources=3&minArticles=9')).toEqual([]);
  });

  it('applies the story filters to ranked results (q)', async () => {
    expect(await ids('q=floodgates')).toHaveLength(2);
    expect(await ids('q=floodgates&minSources=3')).toEqual([story.port]);
    expect(await ids('q=floodgates&entity=Ellis&firstSeenTo=2031-03-01T00:00:00Z')).toEqual([story.dam]);
  });

  it('refuses invalid parameters by name', async () => {
    for (const [query, field] of [
      ['sort=newest', 'sort'],
      ['sort=size&q=floodgates', 'sort'],
      ['minArticles=0', 'minArticles'],
      ['minSources=1e2', 'minSources'],
      ['minArticles=-1', 'minArticles'],
      ['firstSeenFrom=2031-03-01T00:00:00', 'firstSeenFrom'],
      ['updatedTo=yesterday', 'updatedTo'],
      ['language=eng', 'language'],
      ['entity=%20', 'entity'],
      [`entity=${'x'.repeat(201)}`, 'entity'],
      ['orderBy=size', 'orderBy'],
    ]) {
      const res = await list(query);
      expect([query, res.status, res.body.errors?.map((e: { path: string }) => e.path)]).toEqual([query, 400, [field]]);
    }
  });
});
