import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ArticleStatus, JobName, jobIdFor, QueueName } from '@storyline/contracts';
import { createDataSource } from '@storyline/database';
import { PipelineQueue, RenormalizeArticles } from '@storyline/pipeline';
import { Stack } from '../support/stack';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

const example = (name: string) => readFileSync(join(__dirname, '..', '..', 'examples', 'articles', name), 'utf8');

/** Re-normalization against real Postgres and Redis: the database reset, the queued jobs, and a full re-run. */
describe('renormalize', () => {
  let env: TestEnvironment;
  let stack: Stack;
  let db: DataSource;
  let queue: PipelineQueue;

  beforeAll(async () => {
    env = await createTestEnvironment('cli_renormalize');
    db = await createDataSource({ url: env.config.DATABASE_URL, poolSize: 2 }).initialize();
    queue = new PipelineQueue(env.config);
  });

  afterAll(async () => {
    await stack?.stop();
    await queue?.client.close();
    await db?.destroy();
    await env?.teardown();
  });

  const row = async (id: string) =>
    (
      await db.query(
        `SELECT revision, status, error, failed_stage, normalized_at, clustered_at, entities_at, done_at, failed_at,
                raw_text, received_at FROM article WHERE id = $1`,
        [id],
      )
    )[0];

  describe('without workers', () => {
    const ids: string[] = [];

    beforeAll(async () => {
      stack = await Stack.start(env.config, []);
      for (const name of [
        '01-wire-storm-surge.txt',
        '06-unrelated-library-newsletter.txt',
        '07-unrelated-bakery-strike.txt',
      ]) {
        const res = await stack.postArticle({ source: 'examples', externalId: name, body: example(name) });
        ids.push(res.body.id);
      }
      // As if the pipeline had run: one article done, one failed, one still waiting; the oldest received earlier.
      await db.query(
        `UPDATE article SET status = 'done', normalized_at = now(), clustered_at = now(), entities_at = now(),
                done_at = now(), received_at = now() - interval '2 days' WHERE id = $1`,
        [ids[0]],
      );
      await db.query(
        `UPDATE article SET status = 'failed', error = 'boom', failed_stage = 'dedupe', failed_at = now(),
                normalized_at = now() WHERE id = $1`,
        [ids[1]],
      );
    });

    it('resets the selected articles to received with a new revision, keeping their raw input', async () => {
      const renormalize = new RenormalizeArticles(db, queue);
      expect(await renormalize.count({ ids: [ids[0], ids[1]] })).toBe(2);
      const before = await row(ids[0]);
      const { articles } = await renormalize.execute({ ids: [ids[0], ids[1]] }, { batchSize: 1 });
      expect(articles).toBe(2);
      for (const id of [ids[0], ids[1]]) {
        expect(await row(id)).toMatchObject({
          revision: 1,
          status: ArticleStatus.Received,
          error: null,
          failed_stage: null,
          normalized_at: null,
          clustered_at: null,
          entities_at: null,
          done_at: null,
          failed_at: null,
        });
      }
      expect((await row(ids[0])).raw_text).toBe(before.raw_text);
      expect(await row(ids[2])).toMatchObject({ revision: 0 });
    });

    it('queues a normalize job for the new revision under its derived job id', async () => {
      const normalize = queue.client.getQueue(QueueName.Normalize);
      for (const id of [ids[0], ids[1]]) {
        const job = await normalize.getJob(
          jobIdFor(JobName.NormalizeArticle, { articleId: id, revision: 1 }) as string,
        );
        expect(job?.name).toBe(JobName.NormalizeArticle);
        expect(job?.data).toEqual({ articleId: id, revision: 1 });
      }
    });

    it('selects by receive time, and by ids and time together', async () => {
      const renormalize = new RenormalizeArticles(db, queue);
      const since = new Date(Date.now() - 3_600_000);
      expect(await renormalize.count({ since })).toBe(2);
      expect(await renormalize.count({ since, ids: [ids[0], ids[2]] })).toBe(1);
      expect((await renormalize.execute({ since })).articles).toBe(2);
      expect((await row(ids[0])).revision).toBe(1);
      expect((await row(ids[1])).revision).toBe(2);
      expect((await row(ids[2])).revision).toBe(1);
    });

    it('selects the articles that failed, alone', async () => {
      await db.query(`UPDATE article SET status = 'failed', error = 'boom', failed_stage = 'entities' WHERE id = $1`, [
        ids[2],
      ]);
      const renormalize = new RenormalizeArticles(db, queue);
      expect(await renormalize.count({ failed: true })).toBe(1);
      expect(await renormalize.count({ failed: true, ids: [ids[0], ids[1]] })).toBe(0);
      expect((await renormalize.execute({ failed: true })).articles).toBe(1);
      expect(await Promise.all(ids.map(async (id) => (await row(id)).revision))).toEqual([1, 2, 2]);
      expect(await row(ids[2])).toMatchObject({ status: ArticleStatus.Received, error: null });
    });

    afterAll(async () => {
      await stack.stop();
      await queue.client.getQueue(QueueName.Normalize).obliterate({ force: true });
      await db.query(`DELETE FROM article`);
    });
  });

  describe('with the whole pipeline', () => {
    it('runs every stage again and reaches the same story and copy link', async () => {
      stack = await Stack.start(env.config);
      const ids: string[] = [];
      for (const name of ['01-wire-storm-surge.txt', '03-truncated-copy.txt']) {
        ids.push((await stack.postArticle({ source: 'examples', externalId: name, body: example(name) })).body.id);
      }
      const first = await stack.waitForArticles(ids);
      expect(first.map((a) => a.status)).toEqual(['done', 'done']);

      expect((await new RenormalizeArticles(db, queue).execute({})).articles).toBe(2);
      const again = await waitForRevision(stack, ids, 1);
      expect(again.map((a) => [a.status, a.revision])).toEqual([
        ['done', 1],
        ['done', 1],
      ]);
      for (const a of again) {
        expect(new Date(a.stages.normalizedAt).getTime()).toBeGreaterThan(new Date(first[0].stages.doneAt).getTime());
      }
      expect(again[1].canonicalId).toBe(first[1].canonicalId);
      expect(again[1].storyId).toBe(again[0].storyId);
      // A re-run replaces the article's earlier decision; it must not find its own earlier self.
      expect(again[0].canonicalId).toBeNull();
      expect(again[0].syndication).toBeNull();
      const story = await stack.get(`/v1/stories/${again[0].storyId}`);
      expect(story.articleCount).toBe(2);
    });
  });
});

/** Waits until every article has reached a final status at (at least) the given revision. */
async function waitForRevision(stack: Stack, ids: string[], revision: number, timeoutMs = 90_000): Promise<any[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const views = await Promise.all(ids.map((id) => stack.get(`/v1/articles/${id}`)));
    if (views.every((v) => v.revision >= revision && (v.status === 'done' || v.status === 'failed'))) return views;
    if (Date.now() > deadline) throw new Error(`not re-run: ${views.map((v) => `${v.status}@${v.revision}`).join()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
