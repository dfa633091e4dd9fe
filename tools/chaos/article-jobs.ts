import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { JOB_QUEUE, JobName, jobIdFor } from '@storyline/contracts';

/** The jobs that carry an article through the stages. */
const ARTICLE_JOBS = [JobName.NormalizeArticle, JobName.DedupeArticle, JobName.ExtractEntities] as const;

/** Where BullMQ keeps a queue's unfinished jobs: lists (waiting, running, paused) and sorted sets. */
const LISTS = ['wait', 'active', 'paused'];
const SORTED_SETS = ['delayed', 'prioritized', 'waiting-children'];

/** The ids of an article's stage jobs at a revision (derived from the work, as the pipeline derives them). */
export function articleJobIds(article: { id: string; revision: number }): string[] {
  return ARTICLE_JOBS.map((name) => jobIdFor(name, { articleId: article.id, revision: article.revision })!);
}

/**
 * Every job id the article queues hold unfinished (waiting, running, delayed, prioritized, paused), read in one
 * MULTI so that a job moving from one list to another is seen in one of them.
 */
export async function unfinishedArticleJobIds(redis: Redis, prefix: string): Promise<Set<string>> {
  const multi = redis.multi();
  for (const queue of new Set(ARTICLE_JOBS.map((name) => JOB_QUEUE[name]))) {
    for (const list of LISTS) multi.lrange(`${prefix}:${queue}:${list}`, 0, -1);
    for (const set of SORTED_SETS) multi.zrange(`${prefix}:${queue}:${set}`, 0, -1);
  }
  const results = (await multi.exec()) ?? [];
  const ids = new Set<string>();
  for (const [error, members] of results) {
    if (error) throw error;
    for (const id of members as string[]) ids.add(id);
  }
  return ids;
}

/** One stage job as BullMQ holds it, for the evidence of an article that did not finish. */
export interface ArticleJobState {
  jobId: string;
  /** BullMQ's state; `unknown`: no such job (never queued, removed, or lost with Redis). */
  state: string;
  attemptsMade?: number;
  stalledCounter?: number;
  failedReason?: string;
}

/** The state of each stage job of each article (at its revision). */
export async function articleJobStates(
  redisUrl: string,
  prefix: string,
  articles: readonly { id: string; revision: number }[],
): Promise<Map<string, ArticleJobState[]>> {
  const url = new URL(redisUrl);
  const connection = { host: url.hostname, port: Number(url.port), maxRetriesPerRequest: 1 };
  const queues = new Map(
    [...new Set(ARTICLE_JOBS.map((name) => JOB_QUEUE[name]))].map((q) => [q, new Queue(q, { connection, prefix })]),
  );
  try {
    const out = new Map<string, ArticleJobState[]>();
    for (const article of articles) {
      const states: ArticleJobState[] = [];
      for (const name of ARTICLE_JOBS) {
        const jobId = jobIdFor(name, { articleId: article.id, revision: article.revision })!;
        const queue = queues.get(JOB_QUEUE[name])!;
        const job = await queue.getJob(jobId);
        states.push({
          jobId,
          state: job ? await job.getState() : 'unknown',
          ...(job && { attemptsMade: job.attemptsMade, stalledCounter: job.stalledCounter }),
          ...(job?.failedReason && { failedReason: job.failedReason.slice(0, 300) }),
        });
      }
      out.set(article.id, states);
    }
    return out;
  } finally {
    await Promise.all([...queues.values()].map((q) => q.close()));
  }
}
