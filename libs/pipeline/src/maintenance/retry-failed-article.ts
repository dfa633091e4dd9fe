import { DataSource, EntityManager } from 'typeorm';
import { ArticleStatus } from '@storyline/contracts';
import { NormalizeEnqueuer, RenormalizeArticles } from './renormalize-articles';

export type RetryOutcome =
  /** Back in `received` at a new revision; `queued` is false when Redis did not take the job (the sweeper will). */
  | { outcome: 'retried'; revision: number; queued: boolean }
  | { outcome: 'not-found' }
  /** Only a failed article is retried: any other is on its way, or done. */
  | { outcome: 'not-failed'; status: ArticleStatus };

/**
 * Brings one failed article back, once the cause of its failure is fixed: the same as `cli renormalize --failed
 * --id <id>` (a new revision, from its stored raw input, through every stage). The reset commits before the job is
 * queued; a job Redis does not take is not an error here, since the article waits in `received`, where the normalize
 * worker's sweeper queues it.
 */
export class RetryFailedArticle {
  constructor(
    private readonly db: DataSource | EntityManager,
    private readonly queue: NormalizeEnqueuer,
  ) {}

  async execute(articleId: string): Promise<RetryOutcome> {
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
    return { outcome: 'retried', revision: row.revision, queued };
  }
}
