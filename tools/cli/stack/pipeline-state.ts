import { ArticleStatus, QueueName } from '@storyline/contracts';
import { PipelineQueue } from '@storyline/pipeline';
import { DataSource } from 'typeorm';

/** The queues `wait` watches: fetching, every pipeline stage and webhook delivery. */
export const WATCHED_QUEUES: readonly QueueName[] = [
  QueueName.Fetch,
  QueueName.Normalize,
  QueueName.Dedupe,
  QueueName.Entities,
  QueueName.Webhooks,
];

export interface PipelineState {
  /** Jobs still to run per queue: waiting + active + delayed + prioritized. */
  queued: Record<string, number>;
  articles: number;
  /** Articles not yet `done` or `failed`. */
  unfinished: number;
  /** Articles that failed: a stage gave up on them (see `failedStage` and `error` in the query API). */
  failed: number;
}

const FINAL: readonly ArticleStatus[] = [ArticleStatus.Done, ArticleStatus.Failed];

/** One look at the pipeline: queue depths from Redis and article states from Postgres. */
export async function readPipelineState(db: DataSource, queue: PipelineQueue): Promise<PipelineState> {
  const queued: Record<string, number> = {};
  await Promise.all(
    WATCHED_QUEUES.map(async (name) => {
      const counts = await queue.client.getQueue(name).getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      queued[name] = Object.values(counts).reduce((a, b) => a + b, 0);
    }),
  );
  const [row]: { articles: string; unfinished: string; failed: string }[] = await db.query(
    `SELECT count(*) AS articles, count(*) FILTER (WHERE status <> ALL($1)) AS unfinished,
            count(*) FILTER (WHERE status = $2) AS failed
       FROM article`,
    [FINAL, ArticleStatus.Failed],
  );
  return {
    queued,
    articles: Number(row.articles),
    unfinished: Number(row.unfinished),
    failed: Number(row.failed),
  };
}

export function isDrained(state: PipelineState): boolean {
  return state.unfinished === 0 && Object.values(state.queued).every((n) => n === 0);
}
