import { Client } from 'pg';
import { createDedupeApp } from '../../apps/dedupe/src/dedupe-app';
import { MEMBER_COPIES } from '../../libs/stories/src/story-assigner';
import { HARBOUR_STORM, HARBOUR_STORM_REWRITE, MUSEUM_THEFT } from '../../libs/stories/src/testing/fictional-articles';
import { Stack } from '../support/stack';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

const STORM_HEADLINE = 'Storm breaks Port Alder breakwater';

type PostArgs = [externalId: string, title: string, paragraphs: string[], source?: string];

/**
 * For one describe: a stack whose dedupe worker groups everything (STORY_LINK_THRESHOLD=0), a client of its
 * database, and `post`, which submits an article and waits until it is done.
 */
function laxPipeline(name: string) {
  const pipeline = {
    env: undefined as unknown as TestEnvironment,
    stack: undefined as unknown as Stack,
    db: undefined as unknown as Client,
    async post(...[externalId, title, paragraphs, source = 'harbour-news']: PostArgs): Promise<string> {
      const { status, body } = await pipeline.stack.postArticle({
        source,
        externalId,
        title,
        body: paragraphs.join('\n\n'),
      });
      expect(status).toBe(202);
      const [view] = await pipeline.stack.waitForArticles([body.id]);
      expect(view.status).toBe('done');
      return body.id as string;
    },
  };
  beforeAll(async () => {
    pipeline.env = await createTestEnvironment(name, { STORY_LINK_THRESHOLD: '0' });
    pipeline.stack = await Stack.start(pipeline.env.config, ['normalize', 'dedupe', 'entities']);
    pipeline.db = new Client({ connectionString: pipeline.env.config.DATABASE_URL });
    await pipeline.db.connect();
  });
  afterAll(async () => {
    await pipeline.db?.end();
    await pipeline.stack?.stop();
    await pipeline.env?.teardown();
  });
  return pipeline;
}

/**
 * A re-clustering undoes an early grouping in Postgres: the article it moves, and its copy (clustered with it,
 * pinned to its group), end up in a story of their own, with counts, explanations and events to match. The early mistake is provoked by
 * a dedupe worker that groups everything (STORY_LINK_THRESHOLD=0): a museum theft sent under the storm's
 * headline joins the storm story; a worker with the default threshold then sees the next storm report.
 */
describe('re-clustering in the pipeline', () => {
  const pipeline = laxPipeline('reclustering');
  const post = (...args: PostArgs) => pipeline.post(...args);

  const storyOf = async (id: string): Promise<string> => (await pipeline.stack.get(`/v1/articles/${id}`)).storyId;

  it('moves an article and its copy out of a story once a later article shows it does not belong', async () => {
    const storm1 = await post('storm-1', STORM_HEADLINE, HARBOUR_STORM);
    const theft = await post('theft-1', STORM_HEADLINE, MUSEUM_THEFT);
    const copy = await post('theft-1-copy', STORM_HEADLINE, MUSEUM_THEFT, 'wire-reprints');
    const stormStory = await storyOf(storm1);
    expect(await storyOf(theft)).toBe(stormStory);
    expect((await pipeline.stack.get(`/v1/articles/${copy}`)).canonicalId).toBe(theft);

    await pipeline.stack.stopWorker('dedupe');
    const dedupe = await createDedupeApp({ ...pipeline.env.config, STORY_LINK_THRESHOLD: 0.667 });
    await dedupe.listen();
    try {
      const storm2 = await post('storm-2', 'Fish market flooded as breakwater fails', HARBOUR_STORM_REWRITE);
      expect(await storyOf(storm2)).toBe(stormStory);
      const split = await storyOf(theft);
      expect(split).not.toBe(stormStory);
      expect(await storyOf(copy)).toBe(split);

      // The copy was clustered with its canonical (a member of its own) and moved with it.
      const copyView = await pipeline.stack.get(`/v1/articles/${copy}`);
      expect(copyView.storyDecision).toMatchObject({ action: 'copy', movedTo: split, movedBy: storm2 });
      expect(copyView.storyDecision.reason).toMatch(new RegExp(`^copy: a syndicated copy of ${theft}`));
      const moved = await pipeline.stack.get(`/v1/articles/${theft}`);
      expect(moved.storyDecision).toMatchObject({ movedTo: split, movedBy: storm2 });
      expect(moved.storyDecision.moveHistory).toEqual([
        { fromStoryId: stormStory, toStoryId: split, movedBy: storm2, at: expect.any(String) },
      ]);
      const decision = (await pipeline.stack.get(`/v1/articles/${storm2}`)).storyDecision;
      expect(new Set(decision.moves)).toEqual(
        new Set([
          { articleId: theft, fromStoryId: stormStory, toStoryId: split },
          { articleId: copy, fromStoryId: stormStory, toStoryId: split },
        ]),
      );
      expect(decision.reason).toMatch(/moved 2 articles from story/);

      const [storm, theftStory] = [
        await pipeline.stack.get(`/v1/stories/${stormStory}`),
        await pipeline.stack.get(`/v1/stories/${split}`),
      ];
      expect(storm.articleCount).toBe(2);
      expect(theftStory).toMatchObject({ articleCount: 2, sources: ['harbour-news', 'wire-reprints'] });
      expect(storm.sources).toEqual(['harbour-news']);

      const events = await pipeline.db.query(`SELECT type, story_id FROM story_event ORDER BY created_at, id`);
      const ofSplit = events.rows.filter((e) => e.story_id === split).map((e) => e.type);
      expect(ofSplit).toEqual(['story.created']);
      const members = await pipeline.db.query(`SELECT article_id, story_id, canonical_id FROM story_member`);
      expect(new Map(members.rows.map((m) => [m.article_id, [m.story_id, m.canonical_id]]))).toEqual(
        new Map([
          [storm1, [stormStory, null]],
          [theft, [split, null]],
          [copy, [split, theft]],
          [storm2, [stormStory, null]],
        ]),
      );
    } finally {
      await dedupe.close();
    }
  });
});

/**
 * A more complete version of a wire story becomes its group's canonical; when the re-clustering it triggers
 * takes the group into a story of its own, every copy goes along — also the one that was attached without
 * clustering (its group already held MEMBER_COPIES clustered copies) — and the story they left is restated.
 */
describe('copies of a new canonical in the pipeline', () => {
  const pipeline = laxPipeline('reclustering_copies');
  const post = (...args: PostArgs) => pipeline.post(...args);

  const view = (id: string): Promise<any> => pipeline.stack.get(`/v1/articles/${id}`);

  it('takes every copy of the group along, the attached ones too, and restates the story they left', async () => {
    const storm1 = await post('storm-1', STORM_HEADLINE, HARBOUR_STORM);
    const storm2 = await post('storm-2', 'Fish market flooded as breakwater fails', HARBOUR_STORM_REWRITE);
    const shortTheft = MUSEUM_THEFT.slice(0, 3);
    const theft = await post('theft-1', STORM_HEADLINE, shortTheft);
    const copies: string[] = [];
    for (let i = 1; i <= MEMBER_COPIES + 1; i++) {
      copies.push(await post(`theft-1-copy-${i}`, STORM_HEADLINE, shortTheft, `wire-reprints-${i}`));
    }
    const stormStory = (await view(storm1)).storyId;
    for (const id of [storm2, theft, ...copies]) expect((await view(id)).storyId).toBe(stormStory);
    const attached = (await view(copies[MEMBER_COPIES])).storyDecision;
    expect(attached).toMatchObject({
      action: 'copy',
      reason: expect.stringMatching(/joined the story of its canonical/),
    });

    await pipeline.stack.stopWorker('dedupe');
    const dedupe = await createDedupeApp({ ...pipeline.env.config, STORY_LINK_THRESHOLD: 0.667 });
    await dedupe.listen();
    try {
      const full = await post('theft-1-full', STORM_HEADLINE, MUSEUM_THEFT, 'museum-wire');
      const fullView = await view(full);
      expect(fullView.canonicalId).toBeNull();
      expect(fullView.storyDecision.reason).toMatch(/the most complete version of 5 syndicated articles/);
      const split = fullView.storyId;
      expect(split).not.toBe(stormStory);
      for (const id of [theft, ...copies]) {
        expect(await view(id)).toMatchObject({ storyId: split, canonicalId: full });
      }

      expect((await pipeline.stack.get(`/v1/stories/${stormStory}`)).articleCount).toBe(2);
      expect((await pipeline.stack.get(`/v1/stories/${split}`)).articleCount).toBe(MEMBER_COPIES + 3);
      const elsewhere = await pipeline.db.query(
        `SELECT m.article_id FROM story_member m JOIN article a ON a.id = m.article_id WHERE m.story_id <> a.story_id`,
      );
      expect(elsewhere.rows).toEqual([]);
      // The storm story's newest snapshot lists its own two articles only.
      const [newest] = (
        await pipeline.db.query(
          `SELECT payload FROM story_event WHERE story_id = $1 ORDER BY story_version DESC LIMIT 1`,
          [stormStory],
        )
      ).rows;
      expect(newest.payload.data.articles.map((a: { id: string }) => a.id).sort()).toEqual([storm1, storm2].sort());
    } finally {
      await dedupe.close();
    }
  });
});
