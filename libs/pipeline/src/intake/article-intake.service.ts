import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ArticleStatus, JobName } from '@storyline/contracts';
import { PipelineQueue } from '../queue/pipeline-queue';
import { ArticleSubmission, IntakeResult } from './article-submission';

interface ExistingRow {
  id: string;
  status: string;
  idempotency_key: string | null;
  source: string | null;
  external_id: string | null;
  raw_title: string | null;
  raw_text: string | null;
  raw_html: string | null;
}

/** Whether a retried request carries the article it was first sent with (what an Idempotency-Key promises). */
function sameRequest(existing: ExistingRow, s: ArticleSubmission): boolean {
  return (
    existing.source === (s.input.source ?? null) &&
    existing.external_id === (s.input.externalId ?? null) &&
    existing.raw_title === (s.input.title ?? null) &&
    existing.raw_text === (s.rawText ?? s.input.body ?? null) &&
    existing.raw_html === (s.input.html ?? null)
  );
}

/** A JSON pair, so no choice of characters in source or externalId can make two pairs share a key. */
export function externalKey(source: string | null | undefined, externalId: string | null | undefined): string | null {
  return externalId ? JSON.stringify([source ?? '', externalId]) : null;
}

/**
 * Records articles durably, then queues them for normalization. The database write comes first: once it
 * commits the article is accepted, and if queueing fails (Redis down) the normalize worker's sweeper
 * queues it later — nothing accepted is lost. Duplicates (same source + externalId, or the same
 * Idempotency-Key) return the existing article and queue nothing.
 */
@Injectable()
export class ArticleIntake {
  private readonly logger = new Logger(ArticleIntake.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: PipelineQueue,
  ) {}

  async accept(submissions: ArticleSubmission[]): Promise<IntakeResult[]> {
    const results: IntakeResult[] = [];
    const fresh: { articleId: string; revision: number }[] = [];
    await this.db.transaction(async (tx) => {
      for (const s of submissions) {
        const id = randomUUID();
        const key = externalKey(s.input.source, s.input.externalId);
        const inserted: { id: string }[] = await tx.query(
          `INSERT INTO article (id, external_key, idempotency_key, external_id, source, url, content_type,
             raw_title, raw_text, raw_html, published_at_input, language_input, status)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)
           ON CONFLICT DO NOTHING RETURNING id`,
          [
            id,
            key,
            s.idempotencyKey ?? null,
            s.input.externalId ?? null,
            s.input.source ?? null,
            s.input.url ?? null,
            s.contentType,
            s.input.title ?? null,
            s.rawText ?? s.input.body ?? null,
            s.input.html ?? null,
            s.input.publishedAt ?? null,
            s.input.language ?? null,
            ArticleStatus.Received,
          ],
        );
        if (inserted.length) {
          results.push({ id, status: ArticleStatus.Received, duplicate: false });
          fresh.push({ articleId: id, revision: 0 });
          continue;
        }
        const [existing]: ExistingRow[] = await tx.query(
          `SELECT id, status, idempotency_key, source, external_id, raw_title, raw_text, raw_html FROM article
            WHERE external_key = $1 OR idempotency_key = $2 LIMIT 1`,
          [key, s.idempotencyKey ?? null],
        );
        if (!existing) throw new Error('article insert conflicted but no existing article matches');
        results.push({
          id: existing.id,
          status: existing.status,
          duplicate: true,
          keyReused:
            s.idempotencyKey !== undefined &&
            existing.idempotency_key === s.idempotencyKey &&
            !sameRequest(existing, s),
        });
      }
    });
    try {
      await this.queue.enqueueMany(JobName.NormalizeArticle, fresh);
    } catch (error) {
      // Accepted and stored: the normalize worker's sweeper will queue these once Redis answers again.
      this.logger.warn(`queueing ${fresh.length} article(s) failed, left for the sweeper: ${String(error)}`);
    }
    return results;
  }
}
