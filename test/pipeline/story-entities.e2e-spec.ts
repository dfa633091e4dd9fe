import { randomUUID } from 'node:crypto';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { createDataSource } from '@storyline/database';
import { rankStoryEntities, ResolvedMention } from '@storyline/nlp';
import { contentTerms } from '@storyline/stories';
import { ArticleFailures, ExtractEntities, NerModelProvider, PipelineQueue, StoryEvents } from '@storyline/pipeline';
import { summarizeStoryEntities } from '../../libs/pipeline/src/entities/story-entity-summary';
import { topEntitiesOfStories, topStoryEntities } from '../../libs/pipeline/src/entities/story-entity-ranking';
import { loadStorySnapshot } from '../../libs/pipeline/src/outbox/story-snapshot';
import { loadEcbPlus } from '../../tools/eval/datasets';
import { loadSeeds, sharedDataFound } from '../support/shared-data';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

// Tests of third-party data skip, with a warning, where it is missing (and fail in CI: see sharedDataFound).
const itWithSeeds = sharedDataFound('seeds') ? it : it.skip;
const itWithEcbPlus = sharedDataFound('datasets/ecbplus-dev/articles.jsonl.gz') ? it : it.skip;

/**
 * A story's entity aggregates, kept article by article, rank the story as rankStoryEntities ranks all its mentions
 * at once; a full restatement (after dedupe moved articles) gives the same rows, and moved articles are counted
 * in their new story only.
 */
describe('story entity aggregates', () => {
  let env: TestEnvironment;
  let db: DataSource;
  let stage: ExtractEntities;
  const attempt = { finalAttempt: false, postpone: () => Promise.reject(new Error('not postponed')) as never };

  beforeAll(async () => {
    env = await createTestEnvironment('story_entities');
    db = createDataSource({ url: env.config.DATABASE_URL, poolSize: 2 });
    await db.initialize();
    const logger = { setContext() {}, info() {}, warn() {}, error() {}, debug() {} } as unknown as PinoLogger;
    const queue = { enqueue: async () => undefined } as unknown as PipelineQueue;
    const failures = { guard: (_s: unknown, _j: unknown, _a: unknown, work: () => Promise<void>) => work() };
    stage = new ExtractEntities(
      db,
      env.config,
      new NerModelProvider(env.config),
      failures as unknown as ArticleFailures,
      new StoryEvents(queue, env.config, logger),
      logger,
    );
  });

  afterAll(async () => {
    await db?.destroy();
    await env?.teardown();
  });

  async function newStory(): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO story (id, title, article_count, first_seen_at, last_seen_at, profile) VALUES ($1, 't', 0, now(), now(), '{}')`,
      [id],
    );
    return id;
  }

  async function extract(storyId: string, title: string, text: string): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO article (id, content_type, status, story_id, title, text) VALUES ($1, 'text/plain', 'clustered', $2, $3, $4)`,
      [id, storyId, title, text],
    );
    await stage.execute({ articleId: id, revision: 0 }, attempt);
    return id;
  }

  /** The reference: every mention of the story's done articles, ranked at once. */
  async function reference(storyId: string) {
    const rows: (ResolvedMention & { article_id: string; title: string; entity_id: string })[] = await db.query(
      `SELECT a.id AS article_id, a.title, e.id AS entity_id, e.key AS "entityKey", e.canonical_name AS canonical,
              m.start, m."end", m.text, m.type, m.sentence
         FROM article a JOIN entity_mention m ON m.article_id = a.id JOIN entity e ON e.id = m.entity_id
        WHERE a.story_id = $1 AND a.status = 'done' ORDER BY a.id, m.start`,
      [storyId],
    );
    const perArticle = new Map<string, { articleId: string; title: string; resolved: ResolvedMention[] }>();
    const idByKey = new Map(rows.map((r) => [r.entityKey, r.entity_id]));
    for (const r of rows) {
      const entry = perArticle.get(r.article_id) ?? { articleId: r.article_id, title: r.title, resolved: [] };
      entry.resolved.push(r);
      perArticle.set(r.article_id, entry);
    }
    return rankStoryEntities([...perArticle.values()]).map((e) => ({
      id: idByKey.get(e.entityKey),
      salience: e.salience,
      mentions: e.mentions,
      articles: e.articles,
      inTitle: e.inTitle,
    }));
  }

  const rowsOf = (storyId: string) =>
    db.query(
      `SELECT entity_id, mentions, tier, articles, titles, leads, surname, full_name FROM story_entity
        WHERE story_id = $1 ORDER BY entity_id`,
      [storyId],
    );

  /** The story's top 20 as the API and its events show them, against the reference. */
  async function expectRankedAsReference(storyId: string): Promise<void> {
    const expected = await reference(storyId);
    const top = await topStoryEntities(db, storyId, 20);
    // The same saliences; the same entities above the last one kept (ties there are broken by id, not by key).
    expect(top.map((t) => t.salience)).toEqual(expected.slice(0, 20).map((e) => e.salience));
    const cut = expected[19].salience;
    const above = (xs: { id?: string; salience: number }[]) =>
      new Set(xs.filter((x) => x.salience > cut).map((x) => x.id));
    expect(above(top)).toEqual(above(expected));
    for (const t of top) {
      expect(t).toMatchObject(expected.find((e) => e.id === t.id)!);
    }
    // A listing's page ranks its stories together, as each alone.
    const page = await topEntitiesOfStories(db, [storyId, randomUUID()], 20);
    expect(page.get(storyId)).toEqual(top);
    const snapshot = await db.transaction((tx) => loadStorySnapshot(tx, storyId));
    expect(snapshot.entities).toEqual(
      top.map(({ id, name, type, salience, mentions }) => ({ id, name, type, salience, mentions })),
    );
  }

  /** Every entity's and alias's count is what the stored mentions add up to. */
  async function expectEntityCountsAsMentions(): Promise<void> {
    const entities = await db.query(
      `SELECT e.key FROM entity e
        WHERE e.mention_count <> (SELECT count(*) FROM entity_mention m WHERE m.entity_id = e.id)`,
    );
    expect(entities).toEqual([]);
    const aliases = await db.query(
      `SELECT a.alias FROM entity_alias a
        WHERE a.count <> (SELECT count(*) FROM entity_mention m WHERE m.entity_id = a.entity_id AND m.text = a.alias)`,
    );
    expect(aliases).toEqual([]);
  }

  itWithSeeds('ranks the story as the reference does, and a restatement writes the same rows', async () => {
    const storyId = await newStory();
    for (const seed of loadSeeds().slice(0, 4)) {
      const [title, ...body] = seed.text.split('\n');
      await extract(storyId, title, body.join('\n').trim());
    }
    await expectRankedAsReference(storyId);

    const before = await rowsOf(storyId);
    await db.transaction((tx) => summarizeStoryEntities(tx, storyId));
    expect(await rowsOf(storyId)).toEqual(before);
    const [{ n }] = await db.query(`SELECT entity_articles AS n FROM story WHERE id = $1`, [storyId]);
    expect(n).toBe(4);
  });

  it('counts an article moved to another story there only, once the stories are restated', async () => {
    const from = await newStory();
    const to = await newStory();
    const moved = await extract(from, 'Kuleba meets NATO in Brussels', 'Dmytro Kuleba asked NATO for air defence.');
    await extract(from, 'Storm hits Lisbon', 'A storm flooded Lisbon on Monday, Portugal said.');
    await extract(to, 'NATO ministers meet', 'NATO ministers met in Brussels on Tuesday.');
    const [untouched] = [await rowsOf(to)];

    // What dedupe does: move the article, then restate the story it left (the other is restated likewise).
    await db.transaction(async (tx) => {
      await tx.query(`UPDATE article SET story_id = $2 WHERE id = $1`, [moved, to]);
      await summarizeStoryEntities(tx, from);
    });
    const names = async (storyId: string) => (await topStoryEntities(db, storyId, 20)).map((e) => e.name).sort();
    expect(await names(from)).toEqual(expect.not.arrayContaining(['Dmytro Kuleba']));
    expect(await names(to)).toEqual(expect.arrayContaining(['Dmytro Kuleba', 'NATO', 'Brussels']));
    expect(await rowsOf(to)).not.toEqual(untouched);

    // Restating the arrival's story from scratch changes nothing: the move already counted it there.
    const after = await rowsOf(to);
    await db.transaction((tx) => summarizeStoryEntities(tx, to));
    expect(await rowsOf(to)).toEqual(after);
    const nato = (await topStoryEntities(db, to, 20)).find((e) => e.name === 'NATO');
    expect(nato).toMatchObject({ articles: 2 });
    const [{ filed }] = await db.query(`SELECT entities_story_id AS filed FROM article WHERE id = $1`, [moved]);
    expect(filed).toBe(to);
  });

  itWithEcbPlus('ranks a story whose entity rows are read in more than one go as the reference does', async () => {
    const storyId = await newStory();
    // Articles of many ECB+ topics in one story: a long tail of entities, the tiers below the head read in steps.
    for (const article of loadEcbPlus().slice(0, 90)) await extract(storyId, article.title ?? '', article.body);
    const [{ top }] = await db.query(`SELECT max(tier) AS top FROM story_entity WHERE story_id = $1`, [storyId]);
    expect(top).toBeGreaterThanOrEqual(5);
    await expectRankedAsReference(storyId);
    await expectEntityCountsAsMentions();
  });

  it("files an exact copy with its original's mentions, without tagging it again", async () => {
    const storyId = await newStory();
    const title = 'Harbour authority names Mara Quillon as director';
    const text =
      'Mara Quillon will lead the Port Ellis Harbour Authority from March, the authority said in Port Ellis.';
    const original = await extract(storyId, title, text);
    // A mark tagging could not produce: the copy carries it only if its mentions come from the original.
    await db.query(`UPDATE entity_mention SET sentence = 99 WHERE article_id = $1`, [original]);
    const copy = randomUUID();
    await db.query(
      `INSERT INTO article (id, content_type, status, story_id, title, text, canonical_id)
       VALUES ($1, 'text/plain', 'clustered', $2, $3, $4, $5)`,
      [copy, storyId, title, text, original],
    );
    await db.query(
      `INSERT INTO syndication_link (copy_id, canonical_id, kind, jaccard, containment) VALUES ($1, $2, 'exact', 1, 1)`,
      [copy, original],
    );
    await stage.execute({ articleId: copy, revision: 0 }, attempt);
    const mentions = (id: string) =>
      db.query(
        `SELECT m.start, m."end", m.text, m.type, m.sentence, m.entity_id FROM entity_mention m
          WHERE m.article_id = $1 ORDER BY m.start`,
        [id],
      );
    const copied = await mentions(copy);
    expect(copied.length).toBeGreaterThan(0);
    expect(copied).toEqual(await mentions(original));
    expect(copied.every((m: { sentence: number }) => m.sentence === 99)).toBe(true);
    const [{ status }] = await db.query(`SELECT status FROM article WHERE id = $1`, [copy]);
    expect(status).toBe('done');
    await expectEntityCountsAsMentions();
  });

  itWithSeeds('counts articles of one story filed at once, each once, with one version per filing', async () => {
    const storyId = await newStory();
    const seeds = loadSeeds().map((seed) => {
      const [title, ...body] = seed.text.split('\n');
      return { title, text: body.join('\n').trim() };
    });
    await Promise.all(seeds.map((seed) => extract(storyId, seed.title, seed.text)));
    const before = await rowsOf(storyId);
    await db.transaction((tx) => summarizeStoryEntities(tx, storyId));
    expect(await rowsOf(storyId)).toEqual(before);
    // Articles of one story that meet in a batch are filed together, as one version with one event.
    const [{ version, n, events }] = await db.query(
      `SELECT version, entity_articles AS n, (SELECT count(*)::int FROM story_event WHERE story_id = s.id) AS events
         FROM story s WHERE id = $1`,
      [storyId],
    );
    expect(n).toBe(seeds.length);
    expect(version).toBeLessThanOrEqual(seeds.length);
    expect(events).toBe(version);
    await expectEntityCountsAsMentions();
  });

  it('takes back what a re-run article counted before, in its entities and its story', async () => {
    const storyId = await newStory();
    await extract(storyId, 'NATO ministers meet', 'NATO ministers met in Brussels on Tuesday.');
    const rerun = await extract(storyId, 'Kuleba meets NATO in Brussels', 'Dmytro Kuleba asked NATO for air defence.');
    // Re-normalized with another text: a new revision, clustered again in the same story.
    await db.query(
      `UPDATE article SET revision = 1, status = 'clustered', text = 'Dmytro Kuleba met Jens Stoltenberg in Kyiv.'
        WHERE id = $1`,
      [rerun],
    );
    await stage.execute({ articleId: rerun, revision: 1 }, attempt);

    const [article] = await db.query(`SELECT status, entities_story_id FROM article WHERE id = $1`, [rerun]);
    expect(article).toEqual({ status: 'done', entities_story_id: storyId });
    await expectEntityCountsAsMentions();
    const before = await rowsOf(storyId);
    await db.transaction((tx) => summarizeStoryEntities(tx, storyId));
    expect(await rowsOf(storyId)).toEqual(before);
    const names = (await topStoryEntities(db, storyId, 20)).map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['Jens Stoltenberg', 'Kyiv']));
    const [{ n }] = await db.query(`SELECT entity_articles AS n FROM story WHERE id = $1`, [storyId]);
    expect(n).toBe(2);
  });

  it('titles a story by its most central headline an article was given, and its event says so', async () => {
    const storyId = await newStory();
    const central = 'Port Ellis harbour flooding forces evacuations';
    const side = 'Council approves budget for harbour museum';
    // The story as dedupe profiled it: founded by an untitled article (titled by its first sentence, cut short),
    // about the flooding and the evacuations.
    const centroid = contentTerms(`${central} harbour flooding evacuations Port Ellis`).map((t) => [t, 1]);
    await db.query(`UPDATE story SET title = $2, profile = $3 WHERE id = $1`, [
      storyId,
      'A storm surge driven by gale-force winds flooded the harbour district of Port Ellis on Mo…',
      JSON.stringify({ terms: centroid, titleTerms: centroid }),
    ]);
    const extractTitled = async (title: string, source: string) => {
      const id = randomUUID();
      await db.query(
        `INSERT INTO article (id, content_type, status, story_id, title, text, metadata)
         VALUES ($1, 'text/plain', 'clustered', $2, $3, $4, jsonb_build_object('title', jsonb_build_object('source', $5::text)))`,
        [id, storyId, title, 'Residents of Port Ellis were evacuated as the harbour flooded on Monday.', source],
      );
      await stage.execute({ articleId: id, revision: 0 }, attempt);
    };
    const title = async () => (await db.query(`SELECT title FROM story WHERE id = $1`, [storyId]))[0].title;

    // Of headlines made from the text, the more central; then any headline an article was given, over those.
    await extractTitled('Evacuations in Port Ellis as harbour floods', 'text');
    expect(await title()).toBe('Evacuations in Port Ellis as harbour floods');
    await extractTitled(side, 'input');
    expect(await title()).toBe(side);
    await extractTitled(central, 'html-meta');
    expect(await title()).toBe(central);
    await extractTitled('Weather: rain expected on Tuesday', 'json-ld');
    expect(await title()).toBe(central);
    const [event] = await db.query(
      `SELECT payload -> 'data' ->> 'title' AS title FROM story_event WHERE story_id = $1
        ORDER BY story_version DESC LIMIT 1`,
      [storyId],
    );
    expect(event.title).toBe(central);
  });
});
