import { DataSource } from 'typeorm';
import { createDataSource } from '@storyline/database';
import { DecisionLocks, PgStoryStore, StaleRead, StoryReadCache } from '@storyline/pipeline';
import {
  DEFAULT_STORY_OPTIONS,
  FoundingRace,
  InMemoryTermStatistics,
  loadBackgroundFrequencies,
  StoryArticle,
  StoryAssigner,
} from '@storyline/stories';
import { HARBOUR_STORM, HARBOUR_STORM_REWRITE, MUSEUM_THEFT } from '../../libs/stories/src/testing/fictional-articles';
import { describeStoryMemberContract } from '../../libs/stories/src/testing/story-member-contract';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

/**
 * The member and headline contract the in-memory store passes, on Postgres (a migrated database of this file's
 * own), a split through the store (the headline of a story follows the part of it it is closest to), two
 * decisions founding one event's story at once: the second is told to decide again, and optimistic holding.
 */
let env: TestEnvironment;
let db: DataSource;

beforeAll(async () => {
  env = await createTestEnvironment('pg_story_store');
  db = createDataSource({ url: env.config.DATABASE_URL, poolSize: 4 });
  await db.initialize();
});

afterAll(async () => {
  await db?.destroy();
  await env?.teardown();
});

beforeEach(async () => {
  await db.query('TRUNCATE story_member, story_headline, story_key, story');
});

describeStoryMemberContract(
  'PgStoryStore',
  async () => new PgStoryStore(db.manager, new DecisionLocks(db.manager), new StoryReadCache().decision()),
);

describeStoryMemberContract(
  'PgStoryStore, holding optimistically',
  async () =>
    new PgStoryStore(db.manager, new DecisionLocks(db.manager), new StoryReadCache().decision(), 'optimistic'),
);

/**
 * A theft report and a headline about it put into the storm's story by thresholds every candidate reaches, and the
 * next storm report, decided with the default ones (the split story gets `ids.split`): the split is the caller's.
 */
async function splitTheStorm(first: number, day: string, beforeSplit: (ids: Record<string, string>) => Promise<void>) {
  const store = new PgStoryStore(db.manager, new DecisionLocks(db.manager), new StoryReadCache().decision());
  const stats = new InMemoryTermStatistics(loadBackgroundFrequencies());
  const [storm1, theft, headline, storm2, split] = [0, 1, 2, 3, 4].map(
    (i) => `00000000-0000-4000-8000-${String(first + i).padStart(12, '0')}`,
  );
  const ids = { storm1, theft, headline, storm2, split };
  const article = (id: string, title: string, paragraphs: string[], minutes: number): StoryArticle => ({
    id,
    title,
    body: paragraphs.join('\n\n'),
    time: new Date(Date.parse(`${day}T08:00:00Z`) + minutes * 60_000),
  });
  const lax = new StoryAssigner(store, stats, {
    joinThreshold: -1,
    neighbourhood: { ...DEFAULT_STORY_OPTIONS.neighbourhood, threshold: -1, minScore: -1 },
  });
  await lax.assign(article(storm1, 'Storm breaks Port Alder breakwater', HARBOUR_STORM, 0));
  await lax.assign(article(theft, 'Storm breaks Port Alder breakwater', MUSEUM_THEFT, 1));
  await lax.assign(article(headline, 'Seven pocket watches stolen from Brenmoor clock museum', [], 2));
  await beforeSplit(ids);
  const decision = await new StoryAssigner(store, stats, { splitStoryId: () => split }).assign(
    article(storm2, 'Fish market flooded as breakwater fails', HARBOUR_STORM_REWRITE, 3),
  );
  return { store, ids, decision };
}

it('moves a split story’s headline with the part it is closest to', async () => {
  const { store, ids, decision } = await splitTheStorm(1, '2030-05-14', async () => undefined);
  const { storm1, theft, headline, split } = ids;
  expect(decision.moves).toEqual([
    { articleId: theft, fromStoryId: storm1, toStoryId: split },
    { articleId: headline, fromStoryId: storm1, toStoryId: split },
  ]);
  expect((await store.recentHeadlines([storm1, split], 10)).map((h) => [h.articleId, h.storyId])).toEqual([
    [headline, split],
  ]);
  expect(await store.get(split)).toMatchObject({ articleCount: 2 });
});

it('leaves a split story’s headline that is a copy where it is: it goes where its canonical goes', async () => {
  const { store, ids, decision } = await splitTheStorm(21, '2030-05-20', async ({ headline, theft }) => {
    // A more complete version made the headline a copy (the dedupe stage writes it on the article).
    await db.query(`INSERT INTO article (id, content_type, canonical_id) VALUES ($1, 'application/json', $2)`, [
      headline,
      theft,
    ]);
  });
  const { storm1, theft, headline, split } = ids;
  expect(decision.moves).toEqual([{ articleId: theft, fromStoryId: storm1, toStoryId: split }]);
  expect(
    (await store.recentHeadlines([storm1, split], 10)).map((h) => [h.articleId, h.storyId, h.canonicalId]),
  ).toEqual([[headline, storm1, theft]]);
});

it('lets only one of two decisions founding a story for one event at once go through', async () => {
  const [first, second] = [6, 7].map((i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const stats = new InMemoryTermStatistics(loadBackgroundFrequencies());
  const time = new Date('2030-06-01T08:00:00Z');
  const report = (id: string, title: string, paragraphs: string[]): StoryArticle => ({
    id,
    title,
    body: paragraphs.join('\n\n'),
    time,
  });
  const a = db.createQueryRunner();
  const b = db.createQueryRunner();
  try {
    await a.startTransaction();
    await b.startTransaction();
    const assigner = (runner: typeof a) =>
      new StoryAssigner(
        new PgStoryStore(runner.manager, new DecisionLocks(runner.manager), new StoryReadCache().decision()),
        stats,
      );
    const founded = await assigner(a).assign(report(first, 'Storm breaks Port Alder breakwater', HARBOUR_STORM));
    expect(founded.action).toBe('founded');
    // The second report's decision waits for the first's keys, then sees the story it founded.
    const racing = assigner(b).assign(report(second, 'Fish market flooded as breakwater fails', HARBOUR_STORM_REWRITE));
    await new Promise((r) => setTimeout(r, 200));
    await a.commitTransaction();
    await expect(racing).rejects.toThrow(FoundingRace);
    await b.rollbackTransaction();

    const again = await new StoryAssigner(
      new PgStoryStore(db.manager, new DecisionLocks(db.manager), new StoryReadCache().decision()),
      stats,
    ).assign(report(second, 'Fish market flooded as breakwater fails', HARBOUR_STORM_REWRITE));
    expect(again).toMatchObject({ action: 'joined', storyId: first });
  } finally {
    await a.release();
    await b.release();
  }
});

it('finds a story by keys dated before the window while its own row says it is live, and not once it is quiet', async () => {
  const store = new PgStoryStore(db.manager, new DecisionLocks(db.manager), new StoryReadCache().decision());
  const stats = new InMemoryTermStatistics(loadBackgroundFrequencies());
  const storm = '00000000-0000-4000-8000-000000000008';
  const at = Date.parse('2030-07-01T08:00:00Z');
  const hour = 3_600_000;
  await new StoryAssigner(store, stats).assign({
    id: storm,
    title: 'Storm breaks Port Alder breakwater',
    body: HARBOUR_STORM.join('\n\n'),
    time: new Date(at),
  });
  const keys: string[] = (await db.query(`SELECT key FROM story_key WHERE story_id = $1`, [storm])).map(
    (r: { key: string }) => r.key,
  );
  // Its keys stay dated at the first article until the story is KEY_REDATE_STEP newer; an article 3 h later moved
  // only the story row on.
  const window = { from: new Date(at + hour), to: new Date(at + 100 * hour) };
  await db.query(`UPDATE story SET last_seen_at = $2 WHERE id = $1`, [storm, new Date(at + 3 * hour)]);
  expect((await store.candidates(keys, window, 10)).map((p) => p.id)).toEqual([storm]);
  await db.query(`UPDATE story SET last_seen_at = $2 WHERE id = $1`, [storm, new Date(at)]);
  expect(await store.candidates(keys, window, 10)).toEqual([]);
});

describe('the dedupe process’s read cache', () => {
  const storm = '00000000-0000-4000-8000-000000000011';

  async function foundStorm(cache: StoryReadCache): Promise<string[]> {
    const reads = cache.decision();
    await new StoryAssigner(
      new PgStoryStore(db.manager, new DecisionLocks(db.manager), reads),
      new InMemoryTermStatistics(loadBackgroundFrequencies()),
    ).assign({
      id: storm,
      title: 'Storm breaks Port Alder breakwater',
      body: HARBOUR_STORM.join('\n\n'),
      time: new Date('2030-08-01T08:00:00Z'),
    });
    reads.commit();
    return (await db.query(`SELECT key FROM story_key WHERE story_id = $1`, [storm])).map(
      (r: { key: string }) => r.key,
    );
  }
  const window = { from: new Date('2030-07-31T00:00:00Z'), to: new Date('2030-08-02T00:00:00Z') };
  const storeOf = (cache: StoryReadCache) =>
    new PgStoryStore(db.manager, new DecisionLocks(db.manager), cache.decision());

  it('reads a profile again once its row was written, by this process or another', async () => {
    const cache = new StoryReadCache();
    const keys = await foundStorm(cache);
    const reads = cache.decision();
    const [first] = await new PgStoryStore(db.manager, new DecisionLocks(db.manager), reads).candidates(
      keys,
      window,
      5,
    );
    reads.commit();
    const [again] = await storeOf(cache).candidates(keys, window, 5);
    expect(again).toBe(first);

    // Another process's decision rewrites the row: the cached copy is not used any more.
    await db.query(`UPDATE story SET profile = jsonb_set(profile, '{title}', '"Breakwater gives way"') WHERE id = $1`, [
      storm,
    ]);
    const [changed] = await storeOf(cache).candidates(keys, window, 5);
    expect(changed.title).toBe('Breakwater gives way');
    const held = await storeOf(cache).hold([storm]);
    expect(held.get(storm)?.title).toBe('Breakwater gives way');
  });

  it('keeps nothing a rolled-back decision read', async () => {
    const cache = new StoryReadCache();
    const keys = await foundStorm(cache);
    const runner = db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query(
        `UPDATE story SET profile = jsonb_set(profile, '{title}', '"Never committed"') WHERE id = $1`,
        [storm],
      );
      const reads = cache.decision();
      const inside = new PgStoryStore(runner.manager, new DecisionLocks(runner.manager), reads);
      expect((await inside.hold([storm])).get(storm)?.title).toBe('Never committed');
      await runner.rollbackTransaction();
      // reads.commit() is only called after a commit; the cache never saw the rolled-back version.
    } finally {
      await runner.release();
    }
    const [after] = await storeOf(cache).candidates(keys, window, 5);
    expect(after.title).toBe('Storm breaks Port Alder breakwater');
  });

  it('hands out cached profiles and vectors that cannot be changed in place', async () => {
    const cache = new StoryReadCache();
    const keys = await foundStorm(cache);
    const [profile] = await storeOf(cache).candidates(keys, window, 5);
    const [member] = await storeOf(cache).recentMembers([storm], 5);
    expect(() => profile.terms.push(['tide', 1])).toThrow(TypeError);
    expect(() => member.terms.push(['tide', 1])).toThrow(TypeError);
  });
});

describe('optimistic holding', () => {
  const storm = '00000000-0000-4000-8000-000000000021';

  beforeEach(async () => {
    await new StoryAssigner(
      new PgStoryStore(db.manager, new DecisionLocks(db.manager), new StoryReadCache().decision()),
      new InMemoryTermStatistics(loadBackgroundFrequencies()),
    ).assign({
      id: storm,
      title: 'Storm breaks Port Alder breakwater',
      body: HARBOUR_STORM.join('\n\n'),
      time: new Date('2030-09-01T08:00:00Z'),
    });
  });

  /** A decision's store in a transaction of its own, holding optimistically; the test commits or rolls it back. */
  async function optimisticDecision() {
    const runner = db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    const store = new PgStoryStore(
      runner.manager,
      new DecisionLocks(runner.manager),
      new StoryReadCache().decision(),
      'optimistic',
    );
    return { runner, store };
  }
  const profileVersion = async () =>
    (await db.query(`SELECT profile_version FROM story WHERE id = $1`, [storm]))[0].profile_version as number;

  it('locks nothing while it reads, so another decision writes the story meanwhile without waiting', async () => {
    const { runner, store } = await optimisticDecision();
    try {
      await store.hold([storm]);
      await store.recentMembers([storm], 10);
      await db.transaction(async (tx) => {
        await tx.query(`SET LOCAL lock_timeout = '1s'`);
        await tx.query(
          `UPDATE story SET profile = jsonb_set(profile, '{title}', '"Breakwater gives way"') WHERE id = $1`,
          [storm],
        );
      });
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('writes when nothing it read changed, though the story’s other columns did', async () => {
    const before = await profileVersion();
    const { runner, store } = await optimisticDecision();
    try {
      const held = await store.hold([storm]);
      await store.recentMembers([storm], 10);
      // The entities stage moves the story's version and counts on, not its profile.
      await db.query(`UPDATE story SET version = version + 1, entity_articles = entity_articles + 1 WHERE id = $1`, [
        storm,
      ]);
      await store.save({ ...held.get(storm)!, title: 'Breakwater gives way' }, ['breakwater']);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    expect(await profileVersion()).toBe(before + 1);
  });

  it('is told its read went stale when another decision changed a story it read', async () => {
    const { runner, store } = await optimisticDecision();
    try {
      const held = await store.hold([storm]);
      await db.query(
        `UPDATE story SET profile = jsonb_set(profile, '{title}', '"Breakwater gives way"') WHERE id = $1`,
        [storm],
      );
      await expect(store.save(held.get(storm)!, ['breakwater'])).rejects.toThrow(StaleRead);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('is told its read went stale when another decision changed a member it read', async () => {
    const { runner, store } = await optimisticDecision();
    try {
      await store.hold([storm]);
      const [member] = await store.recentMembers([storm], 10);
      await db.query(`UPDATE story_member SET neighbours = '[]' WHERE article_id = $1`, [member.articleId]);
      await expect(store.saveNeighbours([{ articleId: member.articleId, neighbours: [] }])).rejects.toThrow(StaleRead);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('is told its read went stale when a story it read was merged away', async () => {
    const { runner, store } = await optimisticDecision();
    try {
      const held = await store.hold([storm]);
      await db.query(`UPDATE story SET merged_into_id = gen_random_uuid() WHERE id = $1`, [storm]);
      await expect(store.save(held.get(storm)!, ['breakwater'])).rejects.toThrow(StaleRead);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
