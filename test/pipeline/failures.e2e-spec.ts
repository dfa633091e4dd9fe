import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { ArticleStatus } from '@storyline/contracts';
import { createDataSource } from '@storyline/database';
import { ArticleFailures, StageAttempt } from '@storyline/pipeline';
import { Stack } from '../support/stack';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

/**
 * A stage's last failed attempt marks the article failed — but only while the article still waits at that stage,
 * at the job's revision. Other jobs carry articles on concurrently (a sweeper's re-queue, a second copy of a
 * job deciding it, a re-normalization starting a new revision), and a stale job must not undo their work.
 */
describe('recording a stage failure', () => {
  let env: TestEnvironment;
  let stack: Stack;
  let db: DataSource;
  let failures: ArticleFailures;

  const lastAttempt: StageAttempt = { finalAttempt: true };
  const failing = () => Promise.reject(new Error('the stage broke'));

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
    await expect(
      failures.guard('normalize', { articleId: article.id, revision: article.revision }, lastAttempt, failing),
    ).rejects.toThrow('the stage broke');
    expect(await state(article.id)).toEqual({
      status: ArticleStatus.Failed,
      failed_stage: 'normalize',
      error: 'the stage broke',
    });
    expect(await failedEvents(article.id)).toBe(1);
  });

  it('leaves alone an article a newer revision has taken over', async () => {
    const article = await receivedArticle('renormalized');
    await db.query(`UPDATE article SET revision = revision + 1 WHERE id = $1`, [article.id]);
    await expect(
      failures.guard('normalize', { articleId: article.id, revision: article.revision }, lastAttempt, failing),
    ).rejects.toThrow('the stage broke');
    expect((await state(article.id)).status).toBe(ArticleStatus.Received);
    expect(await failedEvents(article.id)).toBe(0);
  });

  it('leaves alone an article another job has already carried past the stage', async () => {
    const article = await receivedArticle('carried-on');
    await db.query(`UPDATE article SET status = $2 WHERE id = $1`, [article.id, ArticleStatus.Done]);
    await expect(
      failures.guard('dedupe', { articleId: article.id, revision: article.revision }, lastAttempt, failing),
    ).rejects.toThrow('the stage broke');
    expect((await state(article.id)).status).toBe(ArticleStatus.Done);
    expect(await failedEvents(article.id)).toBe(0);
  });

  it('records an unrecoverable failure at once: BullMQ will not retry it', async () => {
    const article = await receivedArticle('unrecoverable');
    await expect(
      failures.guard(
        'normalize',
        { articleId: article.id, revision: article.revision },
        { ...lastAttempt, finalAttempt: false },
        () => Promise.reject(new UnrecoverableError('nothing to group')),
      ),
    ).rejects.toThrow('nothing to group');
    expect(await state(article.id)).toMatchObject({ status: ArticleStatus.Failed, error: 'nothing to group' });
  });

  it('records nothing before the last attempt: BullMQ retries', async () => {
    const article = await receivedArticle('retried');
    await expect(
      failures.guard(
        'normalize',
        { articleId: article.id, revision: article.revision },
        { ...lastAttempt, finalAttempt: false },
        failing,
      ),
    ).rejects.toThrow('the stage broke');
    expect((await state(article.id)).status).toBe(ArticleStatus.Received);
  });
});
