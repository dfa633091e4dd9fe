import { DataSource, EntityManager } from 'typeorm';
import { ArticleJobPayload, ArticleStatus, JobName } from '@storyline/contracts';

/** The part of {@link PipelineQueue} this use case needs, so tests and tools can pass their own. */
export interface NormalizeEnqueuer {
  enqueueMany(name: JobName.NormalizeArticle, payloads: ArticleJobPayload[]): Promise<void>;
}

/** Which articles to re-normalize; with no field, every article. Fields together narrow each other. */
export interface RenormalizeSelection {
  /** Received at or after this time. */
  since?: Date;
  ids?: readonly string[];
  /** Only articles that failed (to retry them once the cause is fixed). */
  failed?: boolean;
}

export interface RenormalizeOptions {
  /** Articles updated and queued per round trip. */
  batchSize?: number;
  onProgress?(done: number): void;
}

/**
 * An article that came as a URL has no raw input until its page is fetched: one still fetching, or whose fetch
 * failed, has nothing to normalize (a failed fetch is retried by fetching again: RetryFailedArticle).
 */
const HAS_RAW_INPUT = `status <> 'fetching' AND failed_stage IS DISTINCT FROM 'fetch'`;

/**
 * Sends stored articles through the pipeline again, e.g. after the normalization rules changed. Each selected
 * article gets a new revision and goes back to `received` — its raw input untouched, its stage timestamps
 * and error cleared — and a normalize job for that revision is queued. The revision is part of every job id
 * (see jobIdFor), so this is new work for every stage, and jobs of the old revision still in a queue find a
 * newer revision in the database and stop.
 *
 * Each batch commits before its jobs are queued: if Redis refuses them, the articles wait in `received` and
 * the normalize worker's sweeper queues them, as for any article accepted while Redis was down.
 */
export class RenormalizeArticles {
  constructor(
    private readonly db: DataSource | EntityManager,
    private readonly queue: NormalizeEnqueuer,
  ) {}

  /** How many articles the selection holds now. */
  async count(selection: RenormalizeSelection): Promise<number> {
    const [row]: { n: string }[] = await this.db.query(
      `SELECT count(*) AS n FROM article
        WHERE ($1::timestamptz IS NULL OR received_at >= $1) AND ($2::uuid[] IS NULL OR id = ANY($2))
          AND ($3::text IS NULL OR status = $3) AND ${HAS_RAW_INPUT}`,
      [selection.since ?? null, selection.ids ?? null, selection.failed ? ArticleStatus.Failed : null],
    );
    return Number(row.n);
  }

  /** Re-normalizes the selection batch by batch (in id order) and resolves with the number of articles. */
  async execute(
    selection: RenormalizeSelection,
    { batchSize = 500, onProgress }: RenormalizeOptions = {},
  ): Promise<{ articles: number }> {
    let after = '00000000-0000-0000-0000-000000000000';
    let done = 0;
    for (;;) {
      // The outer SELECT makes the statement a query: TypeORM returns an UPDATE's RETURNING rows wrapped
      // together with the row count, a SELECT's rows as they are.
      const rows: { id: string; revision: number }[] = await this.db.query(
        `WITH picked AS (
           SELECT id FROM article
            WHERE id > $1 AND ($2::timestamptz IS NULL OR received_at >= $2) AND ($3::uuid[] IS NULL OR id = ANY($3))
              AND ($6::text IS NULL OR status = $6) AND ${HAS_RAW_INPUT}
            ORDER BY id LIMIT $4 FOR UPDATE),
         reset AS (
           UPDATE article a
              SET revision = a.revision + 1, status = $5, error = NULL, failed_stage = NULL, failed_at = NULL,
                  normalized_at = NULL, clustered_at = NULL, entities_at = NULL, done_at = NULL
             FROM picked WHERE a.id = picked.id
           RETURNING a.id, a.revision)
         SELECT id, revision FROM reset ORDER BY id`,
        [
          after,
          selection.since ?? null,
          selection.ids ?? null,
          batchSize,
          ArticleStatus.Received,
          selection.failed ? ArticleStatus.Failed : null,
        ],
      );
      if (rows.length === 0) return { articles: done };
      await this.queue.enqueueMany(
        JobName.NormalizeArticle,
        rows.map((r) => ({ articleId: r.id, revision: r.revision })),
      );
      done += rows.length;
      onProgress?.(done);
      after = rows[rows.length - 1].id;
    }
  }
}
