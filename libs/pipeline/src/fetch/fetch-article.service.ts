import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { ArticleStatus, FetchArticlePayload, FetchOutcome, JobName, StoryEventType } from '@storyline/contracts';
import { sqlState } from '@storyline/database';
import { canonicalUrl, declaredCanonical, detectWall, TRANSIENT_FAILURES } from '@storyline/fetch';
import { decodeTextBody, UnsupportedCharsetError } from '@storyline/text';
import type { FailedJob } from '@storyline/transport';
import { StoryEvents } from '../outbox/story-events.service';
import { PipelineQueue } from '../queue/pipeline-queue';
import { StageAttempt } from '../stage/stage-attempt';
import { RetryLater } from './fetch-backoff';
import { FetchMetrics } from './fetch-metrics';
import { PageCollector } from './page-collector';

const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)\b/i;
/** Statuses that say "not now" rather than "not here": the fetch is tried again, with the job's backoff. */
const TRANSIENT_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Why a fetch found no article: what the article shows as `fetch.reason` and its `error`. */
interface Refusal {
  outcome: FetchOutcome.Failed | FetchOutcome.Duplicate;
  /** A short machine-readable kind (metrics label): robots, bot-wall, http-404, too-large… */
  kind: string;
  reason: string;
  httpStatus?: number;
  finalUrl?: string;
  /** A Retry-After the site sent (or the time its host is held off): the retry waits at least that long. */
  retryAfterMs?: number | null;
}

interface PendingRow {
  status: ArticleStatus;
  outcome: FetchOutcome;
  requested_url: string;
  url_key: string;
}

/**
 * Fetches the page of an article that came as a URL and hands it to normalize as an HTML article — or records why
 * there is no article in it (refused by the SSRF guard or robots.txt, a wall, a 404, too large, not HTML, the page
 * of another article) as a fetch failure, never as an article. A site that does not answer now (timeout, 5xx, 429)
 * is tried again with the job's backoff, or after its Retry-After when longer, and failed on the last attempt.
 * Idempotent: a job for an article no longer pending does nothing.
 */
@Injectable()
export class FetchArticle {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly collector: PageCollector,
    private readonly queue: PipelineQueue,
    private readonly events: StoryEvents,
    private readonly metrics: FetchMetrics,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(FetchArticle.name);
  }

  async execute({ articleId }: FetchArticlePayload, attempt: StageAttempt): Promise<void> {
    const [row]: PendingRow[] = await this.db.query(
      `WITH claimed AS (
         UPDATE page_fetch f SET attempts = attempts + 1 FROM article a
          WHERE f.article_id = $1 AND a.id = f.article_id AND f.outcome = $2 AND a.status = $3
         RETURNING a.status, f.outcome, f.requested_url, f.url_key)
       SELECT * FROM claimed`,
      [articleId, FetchOutcome.Pending, ArticleStatus.Fetching],
    );
    if (!row) {
      const [known]: unknown[] = await this.db.query(`SELECT 1 FROM page_fetch WHERE article_id = $1`, [articleId]);
      if (!known) throw new UnrecoverableError(`article ${articleId} has no page to fetch`);
      return; // fetched or failed already: a repeated job
    }
    const page = await this.collector.collect(row.requested_url, { accept: 'text/html,application/xhtml+xml' });
    if (!page.ok) {
      const refusal: Refusal = {
        outcome: FetchOutcome.Failed,
        kind: page.kind,
        reason: page.reason,
        httpStatus: page.status,
        finalUrl: page.url,
        retryAfterMs: page.retryAfterMs,
      };
      if (TRANSIENT_FAILURES.has(page.kind)) return this.notNow(articleId, refusal, attempt);
      return this.refuse(articleId, refusal);
    }
    const finalUrl = page.url;
    const contentType = String(page.headers['content-type'] ?? '');
    let html: string | null = null;
    if (page.status >= 200 && page.status < 300 && (contentType === '' || HTML_TYPES.test(contentType))) {
      try {
        html = decodeTextBody(page.body, contentType || undefined, true);
      } catch (error) {
        if (!(error instanceof UnsupportedCharsetError)) throw error;
        return this.refuse(articleId, {
          outcome: FetchOutcome.Failed,
          kind: 'charset',
          reason: `cannot decode charset "${error.charset}"`,
          httpStatus: page.status,
          finalUrl,
        });
      }
    }
    // A wall answers 200 as often as 403: judge the page before its status. A successful answer that is not HTML
    // (a PDF, an image) is no wall, just not an article: its bytes are not read as a page.
    const wall =
      html !== null || page.status >= 300
        ? detectWall({
            status: page.status,
            requestedUrl: row.requested_url,
            finalUrl,
            html: html ?? page.body.toString('latin1'),
          })
        : null;
    if (wall) {
      return this.refuse(articleId, {
        outcome: FetchOutcome.Failed,
        kind: wall.wall,
        reason: `${wall.wall}: ${wall.evidence}`,
        httpStatus: page.status,
        finalUrl,
      });
    }
    if (page.status < 200 || page.status >= 300) {
      const refusal: Refusal = {
        outcome: FetchOutcome.Failed,
        kind: `http-${page.status}`,
        reason: `HTTP ${page.status}`,
        httpStatus: page.status,
        finalUrl,
        retryAfterMs: page.retryAfterMs,
      };
      if (TRANSIENT_STATUSES.has(page.status)) return this.notNow(articleId, refusal, attempt);
      return this.refuse(articleId, refusal);
    }
    if (html === null) {
      return this.refuse(articleId, {
        outcome: FetchOutcome.Failed,
        kind: 'not-html',
        reason: `not an HTML page (${contentType.split(';')[0]})`,
        httpStatus: page.status,
        finalUrl,
      });
    }
    const canonical = declaredCanonical(html, finalUrl) ?? canonicalUrl(finalUrl) ?? row.url_key;
    await this.accept(articleId, { html, canonical, finalUrl, httpStatus: page.status });
  }

  /** The page becomes the article's raw HTML and goes on to normalize; another article's page is a duplicate. */
  private async accept(
    articleId: string,
    page: { html: string; canonical: string; finalUrl: string; httpStatus: number },
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.db.transaction(async (tx) => {
          const [other]: { article_id: string }[] = await tx.query(
            `SELECT article_id FROM page_fetch WHERE canonical_url = $1 AND article_id <> $2`,
            [page.canonical, articleId],
          );
          if (other) return { duplicateOf: other.article_id };
          await tx.query(
            `UPDATE page_fetch SET outcome = $2, canonical_url = $3, final_url = $4, http_status = $5, reason = NULL,
                    fetched_at = now()
              WHERE article_id = $1 AND outcome = $6`,
            [articleId, FetchOutcome.Fetched, page.canonical, page.finalUrl, page.httpStatus, FetchOutcome.Pending],
          );
          const [moved]: { revision: number }[] = await tx.query(
            `WITH moved AS (UPDATE article SET raw_html = $2, status = $3 WHERE id = $1 AND status = $4 RETURNING revision)
             SELECT revision FROM moved`,
            [articleId, page.html, ArticleStatus.Received, ArticleStatus.Fetching],
          );
          return { revision: moved?.revision };
        });
        if ('duplicateOf' in outcome) {
          return this.refuse(articleId, {
            outcome: FetchOutcome.Duplicate,
            kind: 'duplicate',
            reason: `the page of article ${outcome.duplicateOf} (both are ${page.canonical})`,
            httpStatus: page.httpStatus,
            finalUrl: page.finalUrl,
          });
        }
        if (outcome.revision === undefined) return;
        this.metrics.fetches.inc({ outcome: FetchOutcome.Fetched, kind: 'ok' });
        // Once committed the article waits in `received`: if queueing fails, normalize's sweeper queues it.
        await this.queue.enqueue(JobName.NormalizeArticle, { articleId, revision: outcome.revision });
        return;
      } catch (error) {
        // Two workers fetching two URLs of one page at once: the loser sees the winner's row on its next try.
        if (sqlState(error) !== '23505' || attempt === 2) throw error;
      }
    }
  }

  /**
   * Records a fetch job that failed for good without recording its outcome itself — it stalled (its worker died
   * holding it too often) or failed on something other than the site (Postgres) on every attempt — as a fetch
   * failure, so the article does not wait in `fetching` for the sweeper to try it again and again.
   */
  async recordFailedJob(failed: FailedJob): Promise<void> {
    if (failed.name !== JobName.FetchArticle) return;
    const payload = FetchArticlePayload.safeParse(failed.data);
    if (!payload.success) return;
    await this.refuse(payload.data.articleId, {
      outcome: FetchOutcome.Failed,
      kind: 'job-failed',
      reason: `the fetch job failed for good: ${failed.error}`,
    });
  }

  /** A site that may answer later: retried with the job's backoff (or its Retry-After), failed on the last attempt. */
  private async notNow(articleId: string, refusal: Refusal, attempt: StageAttempt): Promise<void> {
    if (attempt.finalAttempt) return this.refuse(articleId, refusal);
    await this.db.query(`UPDATE page_fetch SET reason = $2, http_status = $3 WHERE article_id = $1`, [
      articleId,
      `${refusal.reason} (will try again)`,
      refusal.httpStatus ?? null,
    ]);
    this.metrics.fetches.inc({ outcome: 'retrying', kind: refusal.kind });
    const message = `fetch of article ${articleId}: ${refusal.reason}`;
    if (refusal.retryAfterMs) throw new RetryLater(message, refusal.retryAfterMs);
    throw new Error(message);
  }

  /** Records the fetch failure on the page and the article (failed at stage `fetch`, with an article.failed event). */
  private async refuse(articleId: string, refusal: Refusal): Promise<void> {
    const error = `fetch ${refusal.outcome === FetchOutcome.Duplicate ? 'found a duplicate' : 'failed'}: ${refusal.reason}`;
    const recorded = await this.db.transaction(async (tx) => {
      const settled: unknown[] = await tx.query(
        `WITH settled AS (
           UPDATE page_fetch SET outcome = $2, reason = $3, http_status = $4, final_url = $5, fetched_at = now()
            WHERE article_id = $1 AND outcome = $6 RETURNING article_id)
         SELECT article_id FROM settled`,
        [
          articleId,
          refusal.outcome,
          refusal.reason.slice(0, 2000),
          refusal.httpStatus ?? null,
          refusal.finalUrl ?? null,
          FetchOutcome.Pending,
        ],
      );
      if (!settled.length) return false;
      await tx.query(
        `UPDATE article SET status = $2, failed_stage = 'fetch', error = $3, failed_at = now()
          WHERE id = $1 AND status = $4`,
        [articleId, ArticleStatus.Failed, error.slice(0, 4000), ArticleStatus.Fetching],
      );
      await this.events.append(tx, StoryEventType.ArticleFailed, null, { articleId, stage: 'fetch', error });
      return true;
    });
    if (!recorded) return;
    this.metrics.fetches.inc({ outcome: refusal.outcome, kind: refusal.kind });
    this.logger.info({ articleId, kind: refusal.kind, reason: refusal.reason }, 'no article in the page');
    await this.events.nudge();
  }
}
