import { DataSource } from 'typeorm';
import { createDataSource } from '@storyline/database';
import { DecisionLocks, PgStoryStore } from '@storyline/pipeline';
import {
  DEFAULT_STORY_OPTIONS,
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
 * own), and a split through the store: the headline of a story follows the part of it it is closest to.
 */
let env: TestEnvironment;
let db: DataSource;

beforeAll(async () => {
  env = await createTestEnvironment('pg_story_store');
  db = createDataSource({ url: env.config.DATABASE_URL, poolSize: 2 });
  await db.initialize();
});

afterAll(async () => {
  await db?.destroy();
  await env?.teardown();
});

beforeEach(async () => {
  await db.query('TRUNCATE story_member, story_headline, story_key, story');
});

describeStoryMemberContract('PgStoryStore', async () => new PgStoryStore(db.manager, new DecisionLocks(db.manager)));

it('moves a split story’s headline with the part it is closest to', async () => {
  const store = new PgStoryStore(db.manager, new DecisionLocks(db.manager));
  const stats = new InMemoryTermStatistics(loadBackgroundFrequencies());
  const [storm1, theft, headline, storm2, split] = [1, 2, 3, 4, 5].map(
    (i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  );
  const at = (minutes: number) => new Date(Date.parse('2030-05-14T08:00:00Z') + minutes * 60_000);
  const article = (id: string, title: string, paragraphs: string[], minutes: number): StoryArticle => ({
    id,
    title,
    body: paragraphs.join('\n\n'),
    time: at(minutes),
  });
  // Thresholds every candidate reaches put the theft, and a headline about it, into the storm's story.
  const lax = new StoryAssigner(store, stats, {
    joinThreshold: -1,
    neighbourhood: { ...DEFAULT_STORY_OPTIONS.neighbourhood, threshold: -1, minScore: -1 },
  });
  await lax.assign(article(storm1, 'Storm breaks Port Alder breakwater', HARBOUR_STORM, 0));
  await lax.assign(article(theft, 'Storm breaks Port Alder breakwater', MUSEUM_THEFT, 1));
  await lax.assign(article(headline, 'Seven pocket watches stolen from Brenmoor clock museum', [], 2));

  const decision = await new StoryAssigner(store, stats, { splitStoryId: () => split }).assign(
    article(storm2, 'Fish market flooded as breakwater fails', HARBOUR_STORM_REWRITE, 3),
  );

  expect(decision.moves).toEqual([
    { articleId: theft, fromStoryId: storm1, toStoryId: split },
    { articleId: headline, fromStoryId: storm1, toStoryId: split },
  ]);
  expect((await store.recentHeadlines([storm1, split], 10)).map((h) => [h.articleId, h.storyId])).toEqual([
    [headline, split],
  ]);
  expect(await store.get(split)).toMatchObject({ articleCount: 2 });
});
