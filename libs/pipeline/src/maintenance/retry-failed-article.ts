import { DataSource, EntityManager } from 'typeorm';
import { ArticleStatus, FetchArticlePayload, FetchOutcome, JobName } from '@storyline/contracts';
import { NormalizeEnqueuer, RenormalizeArticles } from './renormalize-articles';

/** Queues a fetch again, replacing its finished job (whose id, derived from the URL, would make a new one a no-op). */
export interface FetchRequeuer {
  requeueMany(name: JobName.FetchArticle, payloads: FetchArticlePayload[]): Promise<number>;
}

export type RetryOutcome =
  /**
   * Back in `received` at a new revision (`fetching`, for a failed fetch); `queued` is false when Redis did not take
   * the job (the sweeper will).
   */
  | { outcome: 'retried'; status: ArticleStatus; revision: number; queued: boolean }
  | { outcome: 'not-found' }
  /** Only a failed article is retried: any other is on its way, or done. */
  | { outcome: 'not-failed'; status: ArticleStatus };

/**
 * Brings one failed article back, once the cause of its failure is fixed: the same as `cli renormalize --failed
 * --id <id>` (a new revision, from its stored raw input, through every stage). The reset commits before the job is
 * queued; a job Redis does not take is not an error here, since the article waits in `received`, where the normalize
 * worker's sweeper queues it. An article whose page could not be fetched is fetched again instead (it has no raw
 * input to normalize): back in `fetching`, its fetch pending, where the fetch worker's sweeper finds it if need be.
 */
export class RetryFailedArticle {
  constructor(
    private readonly db: DataSource | EntityManager,
    private readonly queue: NormalizeEnqueuer & FetchRequeuer,
  ) {}

  async execute(articleId: string): Promise<RetryOutcome> {
    const refetched = await this.refetch(articleId);
    if (refetched) return refetched;
    let queued = true;
    const renormalize = new RenormalizeArticles(this.db, {
      enqueueMany: (name, payloads) =>
        this.queue.enqueueMany(name, payloads).catch(() => {
          queued = false;
        }),
    });
    const { articles } = await renormalize.execute({ ids: [articleId], failed: true });
    const [row]: { status: ArticleStatus; revision: number }[] = await this.db.query(
      `SELECT status, revision FROM article WHERE id = $1`,
      [articleId],
    );
    if (!row) return { outcome: 'not-found' };
    if (!articles) return { outcome: 'not-failed', status: row.status };
    return { outcome: 'retried', status: ArticleStatus.Received, revision: row.revision, queued };
  }

  private async refetch(articleId: string): Promise<RetryOutcome | null> {
    const rows: { revision: number; url_key: string }[] = await this.db.query(
      `WITH page AS (
         UPDATE page_fetch f SET outcome = $3, reason = NULL, http_status = NULL, final_url = NULL, canonical_url = NULL,
                fetched_at = NULL, attempts = 0
           FROM article a
          WHERE f.article_id = $1 AND a.id = f.article_id AND a.status = $2 AND a.failed_stage = 'fetch'
         RETURNING f.url_key),
       article_reset AS (
         UPDATE article SET status = $4, error = NULL, failed_stage = NULL, failed_at = NULL
          WHERE id = $1 AND EXISTS (SELECT 1 FROM page) RETURNING revision)
       SELECT revision, (SELECT url_key FROM page) AS url_key FROM article_reset`,
      [articleId, ArticleStatus.Failed, FetchOutcome.Pending, ArticleStatus.Fetching],
    );
    if (!rows.length) return null;
    const queued = await this.queue
      .requeueMany(JobName.FetchArticle, [{ articleId, url: rows[0].url_key }])
      .then(() => true)
      .catch(() => false);
    return { outcome: 'retried', status: ArticleStatus.Fetching, revision: rows[0].revision, queued };
  }
}
