import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ArticleStatus, JobName } from '@storyline/contracts';
import { canonicalUrl } from '@storyline/fetch';
import { PipelineQueue } from '../queue/pipeline-queue';
import { externalKey } from '../intake/article-intake.service';
import { ArticleSubmission, IntakeResult } from '../intake/article-submission';

/** What an article to be fetched brings besides its URL: hints the page may lack (a feed item's title and date). */
export interface UrlSubmission extends ArticleSubmission {
  /** Title the feed gave the item; kept as the article's raw title. */
  titleHint?: string;
}

/** The page is already asked for by another article: the transaction is rolled back and that one is answered. */
class PageAlreadyRequested extends Error {}

interface ExistingRow {
  id: string;
  status: string;
  idempotency_key: string | null;
  source: string | null;
  external_id: string | null;
  url: string | null;
}

/**
 * Records an article that came as a URL alone, in `fetching`, with its page_fetch row, then queues the fetch.
 * One page is one article: a URL whose canonical form is already asked for (by a client, a feed, another worker)
 * answers with that article, as a duplicate, and queues nothing — the unique url_key decides, so it holds across
 * restarts and any number of ingest copies. Duplicates by source + externalId or Idempotency-Key answer as ingest
 * always has. If queueing fails, the fetch worker's sweeper queues the article later.
 */
@Injectable()
export class UrlIntake {
  private readonly logger = new Logger(UrlIntake.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: PipelineQueue,
  ) {}

  async accept(s: UrlSubmission): Promise<IntakeResult> {
    const requested = s.input.url;
    const urlKey = requested ? canonicalUrl(requested) : null;
    if (!requested || !urlKey) throw new Error('UrlIntake takes http(s) URLs only (validated by ArticleInput)');
    const id = randomUUID();
    let result: IntakeResult;
    try {
      result = await this.db.transaction(async (tx) => {
        const key = externalKey(s.input.source, s.input.externalId);
        const inserted: unknown[] = await tx.query(
          `INSERT INTO article (id, external_key, idempotency_key, external_id, source, url, content_type, raw_title,
             published_at_input, language_input, status)
           VALUES ($1, $2, $3, $4, $5, $6, 'text/html', $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING id`,
          [
            id,
            key,
            s.idempotencyKey ?? null,
            s.input.externalId ?? null,
            s.input.source ?? null,
            requested,
            s.titleHint ?? null,
            s.input.publishedAt ?? null,
            s.input.language ?? null,
            ArticleStatus.Fetching,
          ],
        );
        if (!inserted.length) return this.existingByKeys(tx, key, s);
        const claimed: unknown[] = await tx.query(
          `INSERT INTO page_fetch (article_id, url_key, requested_url) VALUES ($1, $2, $3)
           ON CONFLICT (url_key) DO NOTHING RETURNING article_id`,
          [id, urlKey, requested],
        );
        if (!claimed.length) throw new PageAlreadyRequested();
        return { id, status: ArticleStatus.Fetching, duplicate: false };
      });
    } catch (error) {
      if (!(error instanceof PageAlreadyRequested)) throw error;
      const [row]: { id: string; status: string }[] = await this.db.query(
        `SELECT a.id, a.status FROM page_fetch f JOIN article a ON a.id = f.article_id WHERE f.url_key = $1`,
        [urlKey],
      );
      return { id: row.id, status: row.status, duplicate: true };
    }
    if (!result.duplicate) {
      try {
        await this.queue.enqueue(JobName.FetchArticle, { articleId: id, url: urlKey });
      } catch (error) {
        this.logger.warn(`queueing the fetch of article ${id} failed, left for the sweeper: ${String(error)}`);
      }
    }
    return result;
  }

  /** The article whose source + externalId or Idempotency-Key this submission repeats. */
  private async existingByKeys(
    tx: { query: DataSource['query'] },
    key: string | null,
    s: UrlSubmission,
  ): Promise<IntakeResult> {
    const rows: ExistingRow[] = await tx.query(
      `SELECT id, status, idempotency_key, source, external_id, url FROM article
        WHERE external_key = $1 OR idempotency_key = $2`,
      [key, s.idempotencyKey ?? null],
    );
    const existing = rows.find((r) => s.idempotencyKey && r.idempotency_key === s.idempotencyKey) ?? rows[0];
    if (!existing) throw new Error('article insert conflicted but no existing article matches');
    const sameRequest =
      existing.url === s.input.url &&
      existing.source === (s.input.source ?? null) &&
      existing.external_id === (s.input.externalId ?? null);
    return {
      id: existing.id,
      status: existing.status,
      duplicate: true,
      keyReused: !!s.idempotencyKey && existing.idempotency_key === s.idempotencyKey && !sameRequest,
    };
  }
}
