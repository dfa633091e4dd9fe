import { randomUUID } from 'node:crypto';
import { Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ArticleStatus, JobName, jobIdFor, QueueName } from '@storyline/contracts';
import { createDataSource } from '@storyline/database';
import { PipelineQueue, RenormalizeArticles } from '@storyline/pipeline';
import { Stack } from '../support/stack';
import { createTestEnvironment, TestEnvironment, waitUntil } from '../support/test-environment';
import { WorkerProcess } from '../support/worker-process';

/** An article of the harbour beat, with a body long enough to be grouped. */
const article = (source: string, externalId: string) => ({
  source,
  externalId,
  title: `Harbour cranes idle as dock workers walk out, ${externalId}`,
  body:
    `PORT ELLIS — Dock workers walked out at dawn on Tuesday, leaving the harbour's cranes idle (${externalId}). ` +
    'The union said the strike would last until the port authority reopened talks on night-shift pay.',
});

const normalizeJobId = (articleId: string, revision = 0) =>
  jobIdFor(JobName.NormalizeArticle, { articleId, revision }) as string;

/**
 * No accepted article stays stuck: a job that fails for good, whether its handler threw on every attempt or its
 * workers were killed holding it, leaves the article `failed` with an `article.failed` event, and a failed article
 * comes back with a retry. The workers are processes of their own, killed with SIGKILL.
 */
describe('articles whose jobs fail for good', () => {
  let env: TestEnvironment;
  let stack: Stack;
  let db: DataSource;
  let producer: PipelineQueue;
  let queue: Queue;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    // Three attempts; no sweep during these tests (it would re-queue what they hold on purpose).
    env = await createTestEnvironment('failed_for_good', { JOB_ATTEMPTS: '3', SWEEP_INTERVAL_MS: '600000' });
    stack = await Stack.start(env.config, []);
    db = await createDataSource({ url: env.config.DATABASE_URL, poolSize: 2 }).initialize();
    producer = new PipelineQueue(env.config);
    queue = producer.client.getQueue(QueueName.Normalize);
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill()));
    await stack?.stop();
    await producer?.client.close();
    await db?.destroy();
    await env?.teardown();
  });

  const startWorker = async () => {
    const worker = await WorkerProcess.start('normalize', env.config);
    workers.push(worker);
    return worker;
  };
  const post = async (source: string, externalId: string): Promise<string> => {
    const res = await stack.postArticle(article(source, externalId));
    expect(res.status).toBe(202);
    return res.body.id;
  };
  const state = async (id: string) =>
    (await db.query(`SELECT status, failed_stage, error, revision FROM article WHERE id = $1`, [id]))[0];
  const failedEvents = async (id: string) =>
    (
      await db.query(
        `SELECT payload -> 'data' AS data FROM story_event
          WHERE type = 'article.failed' AND payload -> 'data' ->> 'articleId' = $1`,
        [id],
      )
    ).map((r: { data: unknown }) => r.data);
  const waitForStatus = (id: string, status: ArticleStatus, what: string) =>
    waitUntil(async () => (await state(id)).status === status, { what, timeoutMs: 60_000 });

  it('fails an article whose normalize job throws on every attempt, with its error and an event', async () => {
    // A real, lasting Postgres error: every write of this source's normalized text is refused.
    await db.query(`
      CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the poison feed is refused'; END $$;
      CREATE TRIGGER refuse_poison BEFORE UPDATE ON article FOR EACH ROW
        WHEN (NEW.source = 'poison' AND NEW.status = 'normalized') EXECUTE FUNCTION refuse_poison();`);
    await startWorker();
    const id = await post('poison', 'p-1');

    await waitForStatus(id, ArticleStatus.Failed, 'the poisoned article to fail');
    expect(await state(id)).toMatchObject({ failed_stage: 'normalize', error: 'the poison feed is refused' });
    expect(await failedEvents(id)).toEqual([
      { articleId: id, stage: 'normalize', error: 'the poison feed is refused' },
    ]);
    const job = await queue.getJob(normalizeJobId(id));
    expect(job?.attemptsMade).toBe(3);
  });

  it('fails an article whose normalize job stalled twice (two workers SIGKILLed holding it), with an event', async () => {
    // No worker runs until the test holds the article's row: a worker then blocks in the normalize write while
    // holding the job.
    await Promise.all(workers.map((w) => w.kill()));
    const id = await post('stall', 's-1');
    const jobId = normalizeJobId(id);
    const holder = new Client({ connectionString: env.config.DATABASE_URL });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query(`SELECT id FROM article WHERE id = $1 FOR UPDATE`, [id]);
    const blockedWriters = async () =>
      Number(
        (
          await db.query(
            `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          )
        )[0].n,
      );
    const heldBy = async (stalls: number, writers: number) => {
      const job = await queue.getJob(jobId);
      return (
        (await queue.getJobState(jobId)) === 'active' &&
        job?.stalledCounter === stalls &&
        (await blockedWriters()) >= writers
      );
    };
    try {
      // Each next worker is started while the job is held, to take it over once its holder is killed.
      const first = await startWorker();
      await waitUntil(() => heldBy(0, 1), { what: 'the first worker to hold the job' });
      const second = await startWorker();
      await first.kill();
      await waitUntil(() => heldBy(1, 2), { what: 'the second worker to hold the stalled job' });
      await startWorker();
      await second.kill();
    } finally {
      await holder.query('COMMIT');
      await holder.end();
    }

    await waitForStatus(id, ArticleStatus.Failed, 'the twice-stalled article to fail').catch(async (error: Error) => {
      // What the workers said (a lost lock on a busy host shows here) and where the job and the article stand.
      const job = await queue.getJob(jobId);
      const where = `job ${await queue.getJobState(jobId)} after ${job?.stalledCounter} stalls; article ${JSON.stringify(await state(id))}`;
      throw new Error(`${error.message}: ${where}\n${workers.map((w) => w.output).join('\n')}`);
    });
    expect(await state(id)).toMatchObject({ failed_stage: 'normalize', error: expect.stringMatching(/stalled/) });
    expect(await failedEvents(id)).toEqual([
      { articleId: id, stage: 'normalize', error: expect.stringMatching(/stalled/) },
    ]);
    expect(await queue.getJobState(jobId)).toBe('failed');
  });

  it('brings failed articles back: POST /v1/articles/:id/retry, and renormalize --failed', async () => {
    await db.query(`DROP TRIGGER refuse_poison ON article`);
    await stack.startWorker('dedupe');
    await stack.startWorker('entities');
    const [poisoned, stalled] = (await db.query(`SELECT id FROM article WHERE status = 'failed' ORDER BY source`)).map(
      (r: { id: string }) => r.id,
    );

    const retry = await fetch(`${stack.ingestUrl}/v1/articles/${poisoned}/retry`, { method: 'POST' });
    expect(retry.status).toBe(202);
    expect(await retry.json()).toMatchObject({ id: poisoned, status: 'received', revision: 1 });
    // What `cli renormalize --failed` runs: the one article still failed.
    expect((await new RenormalizeArticles(db, producer).execute({ failed: true })).articles).toBe(1);

    const views = await stack.waitForArticles([poisoned, stalled]);
    expect(views.map((v) => [v.status, v.revision])).toEqual([
      ['done', 1],
      ['done', 1],
    ]);
  });

  it('answers a retry of an article that has not failed with 409, and of an unknown one with 404', async () => {
    const [done] = await db.query(`SELECT id FROM article WHERE status = 'done' LIMIT 1`);
    const notFailed = await fetch(`${stack.ingestUrl}/v1/articles/${done.id}/retry`, { method: 'POST' });
    expect(notFailed.status).toBe(409);
    expect(notFailed.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await notFailed.json()).toMatchObject({ status: 409, articleStatus: 'done' });
    const unknown = await fetch(`${stack.ingestUrl}/v1/articles/${randomUUID()}/retry`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    const malformed = await fetch(`${stack.ingestUrl}/v1/articles/not-an-id/retry`, { method: 'POST' });
    expect(malformed.status).toBe(404);
  });
});

/**
 * The sweeper brings forward an article left at a stage whatever became of its job: one that completed or failed
 * in Redis while the article's row did not move on (a crash between the two), or one that is gone (Redis emptied).
 * A re-queue under the same job id would be a silent no-op while the finished job is kept; it must replace it.
 */
describe('the sweeper and finished jobs', () => {
  let env: TestEnvironment;
  let stack: Stack;
  let producer: PipelineQueue;
  let queue: Queue;

  beforeAll(async () => {
    env = await createTestEnvironment('sweep_finished', { SWEEP_INTERVAL_MS: '1000' });
    stack = await Stack.start(env.config, []);
    producer = new PipelineQueue(env.config);
    queue = producer.client.getQueue(QueueName.Normalize);
  });

  afterAll(async () => {
    await stack?.stop();
    await producer?.client.close();
    await env?.teardown();
  });

  it('re-queues articles whose normalize job completed, failed or vanished, and they finish', async () => {
    const ids: string[] = [];
    for (const key of ['completed', 'failed', 'vanished']) {
      const res = await stack.postArticle(article('sweep', key));
      ids.push(res.body.id);
    }
    const [completed, failed, vanished] = ids;
    // Finish the queued jobs behind the pipeline's back, as a worker that crashed before its write would have.
    const token = randomUUID();
    const taker = new Worker(QueueName.Normalize, null, {
      connection: await producer.client.connect(),
      prefix: env.config.QUEUE_PREFIX,
      autorun: false,
    });
    try {
      for (let i = 0; i < ids.length; i++) {
        const job = (await taker.getNextJob(token)) as Job;
        if (job.data.articleId === failed) await job.moveToFailed(new UnrecoverableError('lost its record'), token);
        else await job.moveToCompleted('lost its write', token, false);
      }
    } finally {
      await taker.close();
    }
    await queue.remove(normalizeJobId(vanished));
    expect(await queue.getJobState(normalizeJobId(completed))).toBe('completed');
    expect(await queue.getJobState(normalizeJobId(failed))).toBe('failed');
    expect(await queue.getJobState(normalizeJobId(vanished))).toBe('unknown');

    // The plain enqueue every producer uses does nothing for a finished job: the id is taken.
    await producer.enqueue(JobName.NormalizeArticle, { articleId: completed, revision: 0 });
    expect(await queue.getJobState(normalizeJobId(completed))).toBe('completed');

    for (const worker of ['normalize', 'dedupe', 'entities'] as const) await stack.startWorker(worker);
    const views = await stack.waitForArticles(ids, 60_000);
    expect(views.map((v) => v.status)).toEqual(['done', 'done', 'done']);
  });
});

/**
 * A worker sweeps when it starts, not only an interval later: one restarted more often than SWEEP_INTERVAL_MS
 * (a crash loop, or the chaos test's kills) would otherwise never sweep, and an article whose job Redis lost would
 * wait as long as the restarts went on.
 */
describe('the sweeper at start-up', () => {
  let env: TestEnvironment;
  let stack: Stack;
  let producer: PipelineQueue;

  beforeAll(async () => {
    // An interval longer than the test: only a sweep at start-up can bring the article forward in time.
    env = await createTestEnvironment('sweep_at_start', { SWEEP_INTERVAL_MS: '600000' });
    stack = await Stack.start(env.config, []);
    producer = new PipelineQueue(env.config);
  });

  afterAll(async () => {
    await stack?.stop();
    await producer?.client.close();
    await env?.teardown();
  });

  it('re-queues an article that has waited longer than the interval as soon as a worker starts', async () => {
    const res = await stack.postArticle(article('restart', 'lost-job'));
    expect(res.status).toBe(202);
    const id: string = res.body.id;
    // Its job lost (as an emptied Redis loses it), and the article left waiting longer than one interval.
    await producer.client.getQueue(QueueName.Normalize).remove(normalizeJobId(id));
    const db = new Client({ connectionString: env.config.DATABASE_URL });
    await db.connect();
    try {
      await db.query(`UPDATE article SET received_at = now() - interval '20 minutes' WHERE id = $1`, [id]);
    } finally {
      await db.end();
    }

    for (const worker of ['normalize', 'dedupe', 'entities'] as const) await stack.startWorker(worker);
    const [view] = await stack.waitForArticles([id], 60_000);
    expect(view.status).toBe('done');
  });
});

/**
 * A sweep re-queues every article waiting at its stage, not the first 1,000: after Redis lost a backlog of
 * thousands, the rest would go without a job for interval after interval.
 */
describe('the sweeper and a backlog', () => {
  let env: TestEnvironment;
  let stack: Stack;
  let producer: PipelineQueue;
  let db: Client;

  beforeAll(async () => {
    // Only the start-up sweep runs within the test.
    env = await createTestEnvironment('sweep_backlog', { SWEEP_INTERVAL_MS: '600000' });
    stack = await Stack.start(env.config, []);
    producer = new PipelineQueue(env.config);
    db = new Client({ connectionString: env.config.DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await stack?.stop();
    await producer?.client.close();
    await db?.end();
    await env?.teardown();
  });

  it('re-queues all 1,050 articles whose jobs Redis lost, a batch of 1,000 received at one instant among them', async () => {
    for (const [from, count] of [
      [0, 1000],
      [1000, 50],
    ]) {
      const res = await fetch(`${stack.ingestUrl}/v1/articles/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          articles: Array.from({ length: count }, (_, i) => article('backlog', `b-${from + i}`)),
        }),
      });
      expect(res.status).toBe(202);
    }
    await producer.client.getQueue(QueueName.Normalize).drain();
    await db.query(`UPDATE article SET received_at = received_at - interval '20 minutes'`);
    const normalized = async () =>
      Number((await db.query(`SELECT count(*) AS n FROM article WHERE status = 'normalized'`)).rows[0].n);

    await stack.startWorker('normalize');
    await waitUntil(async () => (await normalized()) === 1050, {
      what: 'all 1,050 articles normalized',
      timeoutMs: 90_000,
    });
  });
});
