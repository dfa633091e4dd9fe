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

/** Tries of a request's transaction when Postgres breaks a deadlock with a concurrent request by failing it. */
const DEADLOCK_ATTEMPTS = 3;

function isDeadlock(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  return (e.driverError?.code ?? e.code) === '40P01';
}

/** Orders keys with null last, so every request walks the keys it shares with another in the same order. */
function compareKeys(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
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
    let stored: { results: IntakeResult[]; fresh: { articleId: string; revision: number }[] } | undefined;
    for (let attempt = 1; !stored; attempt++) {
      try {
        stored = await this.store(submissions);
      } catch (error) {
        // Two requests carrying some of the same keys can still wait on each other (an article has two unique
        // keys, and one order cannot suit both); Postgres breaks the cycle by failing one, which simply runs again.
        if (!isDeadlock(error) || attempt === DEADLOCK_ATTEMPTS) throw error;
        this.logger.warn(`intake deadlocked with a concurrent request (attempt ${attempt}); retrying`);
      }
    }
    const { results, fresh } = stored;
    try {
      await this.queue.enqueueMany(JobName.NormalizeArticle, fresh);
    } catch (error) {
      // Accepted and stored: the normalize worker's sweeper will queue these once Redis answers again.
      this.logger.warn(`queueing ${fresh.length} article(s) failed, left for the sweeper: ${String(error)}`);
    }
    return results;
  }

  /** Inserts the submissions in one transaction; results in submission order. */
  private async store(submissions: ArticleSubmission[]) {
    const results: IntakeResult[] = new Array(submissions.length);
    const fresh: { articleId: string; revision: number }[] = [];
    // Rows are inserted in key order, not request order: concurrent requests carrying some of the same keys then
    // take them in the same order and queue behind each other instead of deadlocking.
    const order = submissions
      .map((s, index) => ({ s, index, key: externalKey(s.input.source, s.input.externalId) }))
      .sort((a, b) => compareKeys(a.key, b.key) || compareKeys(a.s.idempotencyKey ?? null, b.s.idempotencyKey ?? null));
    await this.db.transaction(async (tx) => {
      // Arrival order (seq) is still the request's order: the sequence values are drawn first, in one statement,
      // and handed out by position in the request. Values of duplicates go unused; gaps do not matter.
      const drawn: { seq: string }[] = await tx.query(
        `SELECT nextval(pg_get_serial_sequence('article', 'seq')) AS seq FROM generate_series(1, $1)`,
        [submissions.length],
      );
      const seqs = drawn.map((r) => BigInt(r.seq)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (const { s, index, key } of order) {
        const id = randomUUID();
        const inserted: { id: string }[] = await tx.query(
          `INSERT INTO article (id, external_key, idempotency_key, external_id, source, url, content_type,
             raw_title, raw_text, raw_html, published_at_input, language_input, status, seq)
           OVERRIDING SYSTEM VALUE
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)
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
            seqs[index].toString(),
          ],
        );
        if (inserted.length) {
          results[index] = { id, status: ArticleStatus.Received, duplicate: false };
          fresh.push({ articleId: id, revision: 0 });
          continue;
        }
        // The article the Idempotency-Key was first used for, when there is one: a key reused for another
        // article is refused even when that article's source and externalId are taken too.
        const [existing]: ExistingRow[] = await tx.query(
          `SELECT id, status, idempotency_key, source, external_id, raw_title, raw_text, raw_html FROM article
            WHERE external_key = $1 OR idempotency_key = $2
            ORDER BY idempotency_key IS NOT DISTINCT FROM $2 DESC LIMIT 1`,
          [key, s.idempotencyKey ?? null],
        );
        if (!existing) throw new Error('article insert conflicted but no existing article matches');
        results[index] = {
          id: existing.id,
          status: existing.status,
          duplicate: true,
          keyReused:
            s.idempotencyKey !== undefined &&
            existing.idempotency_key === s.idempotencyKey &&
            !sameRequest(existing, s),
        };
      }
    });
    return { results, fresh };
  }
}
