import { Client } from 'pg';
import { SEARCH_CONFIGS } from '@storyline/pipeline';
import { Stack } from '../support/stack';
import { describeWithSharedData, postSeeds } from '../support/shared-data';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

// Fictional articles, written for this test.
const DAM_BODY =
  'PORT ELLIS, Mar 3 (Harbour Wire): The Ellis river dam opened all six floodgates on Monday after three days of ' +
  'heavy rain filled the reservoir to its crest. Engineers at the dam said the floodgates would stay open until ' +
  'the water level fell by two metres, and the town council moved two hundred residents of the lower quays to the ' +
  'school hall overnight. Farmers downstream were told to bring their cattle to higher fields before the evening. ' +
  'The dam was built in 1961 and last opened every floodgate during the storms of 2019, when the quays flooded ' +
  'for a week. The council said the bridge on the coast road would stay closed until Wednesday at the earliest.';

const GLACIER_BODY =
  'ARVEL, Mar 5 (Glacier Times): Scientists at the Mount Arvel Observatory said the Tarn glacier lost eleven metres ' +
  'of ice over the winter, the largest retreat since measurements began. Marta Kowalczyk, who leads the survey, ' +
  'said melt water now reaches the old dam below the valley two weeks earlier than a decade ago. The observatory ' +
  'will place new sensors on the ice in April and publish its full survey in the summer, she said, adding that ' +
  'the skiing season in the valley had been the shortest on record.';

const GERMAN_BODY =
  'HAFENSTADT, 4. März: Die Hafenbehörde hat am Dienstag die neue Schleuse am Nordkanal eröffnet. Die Schleuse ' +
  'soll größere Frachtschiffe aufnehmen und die Wartezeiten im Hafen deutlich verkürzen, sagte eine Sprecherin ' +
  'der Behörde. Der Bau der Schleuse dauerte vier Jahre und kostete mehr als geplant. Die alte Schleuse bleibt ' +
  'für kleinere Boote und Fähren weiter in Betrieb.';

/** /v1/search over real HTTP, on articles posted through the real pipeline. */
describe('full-text search', () => {
  let env: TestEnvironment;
  let stack: Stack;
  const ids: Record<string, string> = {};
  const views: Record<string, any> = {};

  const search = async (query: string) => {
    const res = await fetch(`${stack.queryUrl}/v1/search?${query}`);
    return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as any };
  };
  const storyIds = (body: any) => body.items.map((i: any) => i.id);

  beforeAll(async () => {
    env = await createTestEnvironment('search');
    stack = await Stack.start(env.config, ['normalize', 'dedupe', 'entities']);
    const post = async (key: string, body: Record<string, unknown>) => {
      const res = await stack.postArticle({ externalId: key, ...body });
      expect(res.status).toBe(202);
      ids[key] = res.body.id;
    };
    await post('dam', {
      source: 'harbour-wire',
      title: 'Ellis river dam opens every floodgate after heavy rain',
      body: DAM_BODY,
      publishedAt: '2031-03-03T10:00:00Z',
      language: 'en',
    });
    await stack.waitForArticles([ids.dam]);
    // The same wire text printed by another paper: a syndicated copy.
    await post('dam-copy', {
      source: 'coast-gazette',
      title: 'Ellis river dam opens every floodgate after heavy rain',
      body: DAM_BODY,
      publishedAt: '2031-03-03T11:00:00Z',
      language: 'en',
    });
    await post('glacier', {
      source: 'glacier-times',
      title: 'Tarn glacier loses eleven metres of ice in one winter',
      body: GLACIER_BODY,
      publishedAt: '2031-03-05T09:00:00Z',
      language: 'en',
    });
    await post('schleuse', {
      source: 'hafenblatt',
      title: 'Hafenbehörde eröffnet neue Schleuse am Nordkanal',
      body: GERMAN_BODY,
      publishedAt: '2031-03-04T08:00:00Z',
      language: 'de',
    });
    const final = await stack.waitForArticles(Object.values(ids));
    Object.keys(ids).forEach((k, i) => (views[k] = final[i]));
  });

  afterAll(async () => {
    await stack?.stop();
    await env?.teardown();
  });

  it('brings the articles to done, the copy linked to its canonical, in separate stories per event', () => {
    for (const [k, v] of Object.entries(views)) expect([k, v.status]).toEqual([k, 'done']);
    expect(views['dam-copy'].canonicalId).toBe(ids.dam);
    expect(views['dam-copy'].storyId).toBe(views.dam.storyId);
    expect(new Set([views.dam.storyId, views.glacier.storyId, views.schleuse.storyId]).size).toBe(3);
  });

  it('ranks the story whose article matches in title and body above one that mentions the word once', async () => {
    const res = await search('q=dam');
    expect(res.status).toBe(200);
    expect(storyIds(res.body)).toEqual([views.dam.storyId, views.glacier.storyId]);
    const [first, second] = res.body.items;
    expect(first.match.rank).toBeGreaterThan(second.match.rank);
    expect(first).toMatchObject({ title: expect.any(String), articleCount: 2, entities: expect.any(Array) });
    expect(second.match.article).toMatchObject({ id: ids.glacier, source: 'glacier-times', language: 'en' });
    expect(res.body.nextCursor).toBeNull();
  });

  it('stems in English: "floodgates opening" finds "opened all six floodgates"', async () => {
    expect(storyIds((await search('q=floodgates%20opening')).body)).toEqual([views.dam.storyId]);
    expect(storyIds((await search('q=%22tarn%20glacier%22%20-skiing')).body)).toEqual([]);
    expect(storyIds((await search('q=%22tarn%20glacier%22')).body)).toEqual([views.glacier.storyId]);
  });

  it('stems a German article in German, with or without language=de', async () => {
    expect(storyIds((await search('q=Schleusen')).body)).toEqual([views.schleuse.storyId]);
    expect(storyIds((await search('q=Schleusen&language=de')).body)).toEqual([views.schleuse.storyId]);
    expect(storyIds((await search('q=dam&language=de')).body)).toEqual([]);
    expect(storyIds((await search('q=dam&language=EN')).body)).toEqual([views.dam.storyId, views.glacier.storyId]);
  });

  it('returns a snippet of the body with the matches marked, the text HTML-escaped', async () => {
    const { article } = (await search('q=floodgates')).body.items[0].match;
    expect(article.snippet).toMatch(/<mark>floodgates<\/mark>/);
    expect(article.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    expect(article.snippet).not.toMatch(/\n/);
    expect(article.title).toBe('Ellis river dam opens every floodgate after heavy rain');
  });

  it('collapses syndicated copies: one result for the text, the canonical article, the copy listed', async () => {
    const res = await search('q=floodgates');
    expect(res.body.items).toHaveLength(1);
    const { match } = res.body.items[0];
    expect(match.matchingTexts).toBe(1);
    expect(match.article.id).toBe(ids.dam);
    expect(match.article.copies).toEqual([{ id: ids['dam-copy'], source: 'coast-gazette', url: null }]);
  });

  it('filters by publication time: from inclusive, to exclusive', async () => {
    expect(storyIds((await search('q=dam&from=2031-03-04T00:00:00Z')).body)).toEqual([views.glacier.storyId]);
    expect(storyIds((await search('q=dam&to=2031-03-04T00:00:00%2B00:00')).body)).toEqual([views.dam.storyId]);
    expect(storyIds((await search('q=dam&from=2031-03-05T09:00:00Z&to=2031-03-05T09:00:01Z')).body)).toEqual([
      views.glacier.storyId,
    ]);
  });

  it('filters by source: a copy found by its own source stands for its text, the canonical listed', async () => {
    expect(storyIds((await search('q=dam&source=glacier-times')).body)).toEqual([views.glacier.storyId]);
    const res = await search('q=dam&source=coast-gazette');
    expect(storyIds(res.body)).toEqual([views.dam.storyId]);
    expect(res.body.items[0].match.article.id).toBe(ids['dam-copy']);
    expect(res.body.items[0].match.article.copies.map((c: any) => c.id)).toEqual([ids.dam]);
  });

  it('filters by entity: only stories mentioning it', async () => {
    const glacier = await stack.get(`/v1/stories/${views.glacier.storyId}`);
    const dam = await stack.get(`/v1/stories/${views.dam.storyId}`);
    const damEntities = new Set(dam.entities.map((e: any) => e.id));
    const own = glacier.entities.find((e: any) => !damEntities.has(e.id));
    expect(own).toBeDefined();
    expect(storyIds((await search(`q=dam&entity=${own.id}`)).body)).toEqual([views.glacier.storyId]);
  });

  it('pages by rank with the cursor conventions of the other lists', async () => {
    const first = await search('q=dam&limit=1');
    expect(storyIds(first.body)).toEqual([views.dam.storyId]);
    const second = await search(`q=dam&limit=1&cursor=${first.body.nextCursor}`);
    expect(storyIds(second.body)).toEqual([views.glacier.storyId]);
    expect(second.body.nextCursor).toBeNull();
    const bad = await search('q=dam&cursor=nope');
    expect([bad.status, bad.body.type]).toEqual([400, expect.stringMatching(/invalid-cursor$/)]);
  });

  it('ranks GET /v1/stories?q= the same way', async () => {
    const res = await stack.get('/v1/stories?q=dam');
    expect(storyIds(res)).toEqual([views.dam.storyId, views.glacier.storyId]);
    expect(res.items[0].match.article.id).toBe(ids.dam);
    expect((await fetch(`${stack.queryUrl}/v1/stories?q=%20`)).status).toBe(400);
    // The list's source filter is the story's: a story with an article from it, ranked by its best article
    // whatever that article's source (GET /v1/search?source= ranks only that source's articles).
    const fromCopy = await stack.get('/v1/stories?q=dam&source=coast-gazette');
    expect(storyIds(fromCopy)).toEqual([views.dam.storyId]);
    expect(fromCopy.items[0].match.article.id).toBe(ids.dam);
    expect(storyIds(await stack.get('/v1/stories?q=dam&source=x'))).toEqual([]);
    expect((await fetch(`${stack.queryUrl}/v1/stories?q=dam&from=2031-03-01T00:00:00Z`)).status).toBe(400);
  });

  it('refuses an empty or missing query and unknown or malformed parameters with problem+json', async () => {
    for (const query of ['q=', 'q=%20%20', '', 'q=dam&sort=new', 'q=dam&limit=0', 'q=dam&from=yesterday']) {
      const res = await search(query);
      expect([query, res.status, res.type]).toEqual([query, 400, expect.stringContaining('application/problem+json')]);
      expect(res.body.type).toMatch(/validation$/);
    }
    expect((await search('q=dam&language=eng')).status).toBe(400);
    expect((await search('q=dam&entity=42')).status).toBe(400);
  });

  it('answers a query of stop words or punctuation alone with no results', async () => {
    for (const q of ['the', '%22%22', '-'])
      expect(await search(`q=${q}`)).toMatchObject({ status: 200, body: { items: [] } });
  });

  it("maps languages as the database's article_search_config does", async () => {
    const client = new Client({ connectionString: env.config.DATABASE_URL });
    await client.connect();
    try {
      const codes = [...Object.keys(SEARCH_CONFIGS), 'xx', 'EN'];
      const { rows } = await client.query(
        `SELECT code, replace(article_search_config(code)::text, 'pg_catalog.', '') AS config FROM unnest($1::text[]) code`,
        [codes],
      );
      expect(Object.fromEntries(rows.map((r) => [r.code, r.config]))).toEqual({
        ...SEARCH_CONFIGS,
        xx: 'simple',
        EN: 'english',
      });
    } finally {
      await client.end();
    }
  });
});

describeWithSharedData('seeds')('full-text search on the seeds', () => {
  let env: TestEnvironment;
  let stack: Stack;
  let views: Record<string, any> = {};

  beforeAll(async () => {
    env = await createTestEnvironment('search_seeds');
    stack = await Stack.start(env.config, ['normalize', 'dedupe', 'entities']);
    ({ views } = await postSeeds(stack));
  });

  afterAll(async () => {
    await stack?.stop();
    await env?.teardown();
  });

  it('ranks the story of seed 004 first for "Belarus ceasefire talks"', async () => {
    const res = await stack.get(`/v1/search?q=${encodeURIComponent('Belarus ceasefire talks')}`);
    expect(res.items[0].id).toBe(views['004'].storyId);
  });

  it('ranks the other story first for "Kuleba weapons NATO", its copies collapsed', async () => {
    const res = await stack.get(`/v1/search?q=${encodeURIComponent('Kuleba weapons NATO')}`);
    expect(res.items[0].id).toBe(views['000'].storyId);
    expect(res.items[0].id).not.toBe(views['004'].storyId);
    const listed = res.items.flatMap((i: any) => [i.match.article.id, ...i.match.article.copies.map((c: any) => c.id)]);
    expect(new Set(listed).size).toBe(listed.length);
  });
});
