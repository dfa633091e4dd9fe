import { DataSource } from 'typeorm';
import { ArticleStatus, JobName } from '@storyline/contracts';
import { createDataSource } from '@storyline/database';
import { ArticleFailures } from '@storyline/pipeline';
import { Stack } from '../support/stack';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

/**
 * A stage job that failed for good marks its article failed — but only while the article still waits at that stage,
 * at the job's revision. Other jobs carry articles on concurrently (a sweeper's re-queue, a second copy of a
 * job deciding it, a re-normalization starting a new revision), and a stale job must not undo their work.
 */
describe('recording a stage failure', () => {
  let env: TestEnvironment;
  let stack: Stack;
  let db: DataSource;
  let failures: ArticleFailures;

  beforeAll(async () => {
    env = await createTestEnvironment('stage_failures');
    db = await createDataSource({ url: env.config.DATABASE_URL, poolSize: 2 }).initialize();
    // Only the ingest side and the entities worker (for its ArticleFailures): posted articles stay `received`.
    stack = await Stack.start(env.config, []);
    failures = (await stack.startWorker('entities')).get(ArticleFailures, { strict: false });
  });

  afterAll(async () => {
    await stack?.stop();
    await db?.destroy();
    await env?.teardown();
  });

  async function receivedArticle(externalId: string): Promise<{ id: string; revision: number }> {
    const res = await stack.postArticle({ source: 'failures', externalId, title: `Harbour gate ${externalId} jams` });
    expect(res.status).toBe(202);
    const [row] = await db.query(`SELECT revision FROM article WHERE id = $1`, [res.body.id]);
    return { id: res.body.id, revision: row.revision };
  }

  const state = async (id: string) =>
    (await db.query(`SELECT status, failed_stage, error FROM article WHERE id = $1`, [id]))[0];
  const failedEvents = async (id: string) =>
    Number(
      (
        await db.query(
          `SELECT count(*) AS n FROM story_event WHERE type = 'article.failed' AND payload -> 'data' ->> 'articleId' = $1`,
          [id],
        )
      )[0].n,
    );

  it('marks an article waiting at the stage failed, with the stage, the error and an article.failed event', async () => {
    const article = await receivedArticle('waiting');
    await failures.record('normalize', { articleId: article.id, revision: article.revision }, 'the stage broke');
    expect(await state(article.id)).toEqual({
      status: ArticleStatus.Failed,
      failed_stage: 'normalize',
      error: 'the stage broke',
    });
    expect(await failedEvents(article.id)).toBe(1);
  });

  it('records a failure once, however many times it is reported', async () => {
    const article = await receivedArticle('twice');
    const job = { articleId: article.id, revision: article.revision };
    await Promise.all([failures.record('normalize', job, 'first'), failures.record('normalize', job, 'second')]);
    expect((await state(article.id)).status).toBe(ArticleStatus.Failed);
    expect(await failedEvents(article.id)).toBe(1);
  });

  it('leaves alone an article a newer revision has taken over', async () => {
    const article = await receivedArticle('renormalized');
    await db.query(`UPDATE article SET revision = revision + 1 WHERE id = $1`, [article.id]);
    await failures.record('normalize', { articleId: article.id, revision: article.revision }, 'the stage broke');
    expect((await state(article.id)).status).toBe(ArticleStatus.Received);
    expect(await failedEvents(article.id)).toBe(0);
  });

  it('leaves alone an article another job has already carried past the stage', async () => {
    const article = await receivedArticle('carried-on');
    await db.query(`UPDATE article SET status = $2 WHERE id = $1`, [article.id, ArticleStatus.Done]);
    await failures.record('dedupe', { articleId: article.id, revision: article.revision }, 'the stage broke');
    expect((await state(article.id)).status).toBe(ArticleStatus.Done);
    expect(await failedEvents(article.id)).toBe(0);
  });

  it('records a failed job on its article at the stage the job runs', async () => {
    const article = await receivedArticle('failed-job');
    await failures.recordFailedJob({
      queue: 'normalize',
      name: JobName.NormalizeArticle,
      id: 'any',
      data: { articleId: article.id, revision: article.revision },
      error: 'job stalled more than allowable limit',
      attemptsMade: 1,
    });
    expect(await state(article.id)).toEqual({
      status: ArticleStatus.Failed,
      failed_stage: 'normalize',
      error: 'job stalled more than allowable limit',
    });
  });

  it('ignores failed jobs that are not an article stage, or whose payload names no article', async () => {
    const article = await receivedArticle('not-a-stage');
    const failed = { queue: 'webhooks', id: 'any', error: 'receiver down', attemptsMade: 8 };
    await failures.recordFailedJob({ ...failed, name: JobName.DeliverEvent, data: { eventId: article.id } });
    await failures.recordFailedJob({ ...failed, name: JobName.NormalizeArticle, data: { articleId: 'not-a-uuid' } });
    expect((await state(article.id)).status).toBe(ArticleStatus.Received);
  });

  it('records nothing when an attempt fails: the job may be retried, and its final failure is recorded', async () => {
    const article = await receivedArticle('retried');
    await expect(
      failures.guard('normalize', { articleId: article.id, revision: article.revision }, { finalAttempt: true }, () =>
        Promise.reject(new Error('the stage broke')),
      ),
    ).rejects.toThrow('the stage broke');
    expect((await state(article.id)).status).toBe(ArticleStatus.Received);
  });
});
