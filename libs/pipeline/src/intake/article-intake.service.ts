import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ArticleStatus, JobName } from '@storyline/contracts';
import { sqlState } from '@storyline/database';
import { PipelineQueue } from '../queue/pipeline-queue';
import { ArticleSubmission, IntakeResult } from './article-submission';

interface ExistingRow {
  id: string;
  status: string;
  external_key: string | null;
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

/** A submission on its way into the table, with the keys that make it a duplicate. */
interface Pending {
  s: ArticleSubmission;
  /** Position in the request. */
  index: number;
  id: string;
  key: string | null;
  idempotencyKey: string | null;
}

/** The unique keys an item would take; two items sharing one cannot both be stored. */
function uniqueKeys(item: Pending): string[] {
  const keys: string[] = [];
  if (item.key !== null) keys.push(`e${item.key}`);
  if (item.idempotencyKey !== null) keys.push(`i${item.idempotencyKey}`);
  return keys;
}

/** A JSON pair, so no choice of characters in source or externalId can make two pairs share a key. */
export function externalKey(source: string | null | undefined, externalId: string | null | undefined): string | null {
  return externalId ? JSON.stringify([source ?? '', externalId]) : null;
}

/**
 * Text one INSERT carries at most (characters of titles, texts and HTML). pg encodes a statement's
 * parameters synchronously: one statement for a 30 MiB batch held the event loop for 0.2–0.3 s, during which
 * the service answered no other request, health checks included.
 */
const INSERT_TEXT_LENGTH = 1_000_000;

/** Consecutive runs of items, each with at most `budget` of text unless one item alone is larger. */
function byTextSize(items: Pending[], budget: number): Pending[][] {
  const chunks: Pending[][] = [];
  let chunk: Pending[] = [];
  let size = 0;
  for (const item of items) {
    const { title, body, html } = item.s.input;
    const text = (title?.length ?? 0) + (item.s.rawText ?? body ?? '').length + (html?.length ?? 0);
    if (chunk.length && size + text > budget) {
      chunks.push(chunk);
      chunk = [];
      size = 0;
    }
    chunk.push(item);
    size += text;
  }
  if (chunk.length) chunks.push(chunk);
  return chunks;
}

/** Tries of a request's transaction when Postgres breaks a deadlock with a concurrent request by failing it. */
const DEADLOCK_ATTEMPTS = 3;

function isDeadlock(error: unknown): boolean {
  return sqlState(error) === '40P01';
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

  /**
   * Records the submissions in one transaction, as if inserted one by one in key order (see below), but in a few
   * statements whatever the batch size: one INSERT for the batch, or for each million characters of its text (a
   * second round only when the batch repeats a key whose first holder was already stored), then one SELECT for
   * every duplicate. Results in submission order.
   */
  private async store(submissions: ArticleSubmission[]) {
    const results: IntakeResult[] = new Array(submissions.length);
    // Rows are inserted in key order, not request order: concurrent requests carrying some of the same keys then
    // take them in the same order and queue behind each other instead of deadlocking.
    const order: Pending[] = submissions
      .map((s, index) => ({
        s,
        index,
        id: randomUUID(),
        key: externalKey(s.input.source, s.input.externalId),
        idempotencyKey: s.idempotencyKey ?? null,
      }))
      .sort((a, b) => compareKeys(a.key, b.key) || compareKeys(a.idempotencyKey, b.idempotencyKey));
    await this.db.transaction(async (tx) => {
      // Arrival order (seq) is still the request's order: the sequence values are drawn first, in one statement,
      // and handed out by position in the request. Values of duplicates go unused; gaps do not matter.
      const drawn: { seq: string }[] = await tx.query(
        `SELECT nextval(pg_get_serial_sequence('article', 'seq')) AS seq FROM generate_series(1, $1)`,
        [submissions.length],
      );
      const seqs = drawn.map((r) => BigInt(r.seq)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const duplicates: Pending[] = [];
      // Inserted one by one in key order, an item conflicts with the articles already stored and with the items
      // before it that were inserted. A round inserts every item that shares no key with an earlier item still
      // in play; an item that does waits for the next round, unless an inserted item took its key: then it is a
      // duplicate of that one, as it would have been one by one.
      for (let pending = order; pending.length;) {
        const claimed = new Set<string>();
        const round: Pending[] = [];
        const deferred: Pending[] = [];
        for (const item of pending) {
          const keys = uniqueKeys(item);
          (keys.some((k) => claimed.has(k)) ? deferred : round).push(item);
          for (const k of keys) claimed.add(k);
        }
        const inserted = new Set(await this.insert(tx, round, seqs));
        const taken = new Set<string>();
        for (const item of round) {
          if (!inserted.has(item.id)) {
            duplicates.push(item);
            continue;
          }
          results[item.index] = { id: item.id, status: ArticleStatus.Received, duplicate: false };
          for (const k of uniqueKeys(item)) taken.add(k);
        }
        pending = [];
        for (const item of deferred) (uniqueKeys(item).some((k) => taken.has(k)) ? duplicates : pending).push(item);
      }
      if (duplicates.length) await this.resolveDuplicates(tx, duplicates, results);
    });
    // Queued in the request's order (seq order), so one normalize worker takes a batch in the order it arrived.
    const fresh = results.filter((r) => !r.duplicate).map((r) => ({ articleId: r.id, revision: 0 }));
    return { results, fresh };
  }

  /**
   * The items inserted in their order, in statements of at most INSERT_TEXT_LENGTH of text; the ids of the rows
   * inserted (the others conflicted).
   * received_at is left to its default, now(): the request's moment, one for the whole batch. A batch is received
   * (and committed, and answered) at once, and rows go in in key order, so a clock read per row would only order
   * a batch's articles by key, against their seq; seq orders them within the batch.
   */
  private async insert(tx: EntityManager, items: Pending[], seqs: bigint[]): Promise<string[]> {
    const ids: string[] = [];
    for (const chunk of byTextSize(items, INSERT_TEXT_LENGTH)) ids.push(...(await this.insertChunk(tx, chunk, seqs)));
    return ids;
  }

  private async insertChunk(tx: EntityManager, items: Pending[], seqs: bigint[]): Promise<string[]> {
    const column = <T>(value: (item: Pending) => T | null | undefined) => items.map((item) => value(item) ?? null);
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO article (id, external_key, idempotency_key, external_id, source, url, content_type,
         raw_title, raw_text, raw_html, published_at_input, language_input, seq, status)
       OVERRIDING SYSTEM VALUE
       SELECT id, external_key, idempotency_key, external_id, source, url, content_type,
              raw_title, raw_text, raw_html, published_at_input, language_input, seq, $14
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                     $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::bigint[])
              WITH ORDINALITY AS item(id, external_key, idempotency_key, external_id, source, url, content_type,
                                      raw_title, raw_text, raw_html, published_at_input, language_input, seq, n)
        ORDER BY n
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        column((i) => i.id),
        column((i) => i.key),
        column((i) => i.idempotencyKey),
        column((i) => i.s.input.externalId),
        column((i) => i.s.input.source),
        column((i) => i.s.input.url),
        column((i) => i.s.contentType),
        column((i) => i.s.input.title),
        column((i) => i.s.rawText ?? i.s.input.body),
        column((i) => i.s.input.html),
        column((i) => i.s.input.publishedAt),
        column((i) => i.s.input.language),
        column((i) => seqs[i.index].toString()),
        ArticleStatus.Received,
      ],
    );
    return rows.map((r) => r.id);
  }

  /**
   * The stored article each duplicate stands for, in one query: the one its Idempotency-Key was first used for
   * when there is one (a key reused for another article is refused even when that article's source and
   * externalId are taken too), otherwise the one with its source and externalId.
   */
  private async resolveDuplicates(tx: EntityManager, items: Pending[], results: IntakeResult[]): Promise<void> {
    const keys = [...new Set(items.map((i) => i.key).filter((k) => k !== null))];
    const idempotencyKeys = [...new Set(items.map((i) => i.idempotencyKey).filter((k) => k !== null))];
    // The raw input is only compared for a repeated Idempotency-Key: other rows need not send it back.
    const rows: ExistingRow[] = await tx.query(
      `SELECT id, status, external_key, idempotency_key, source, external_id,
              CASE WHEN keyed THEN raw_title END AS raw_title, CASE WHEN keyed THEN raw_text END AS raw_text,
              CASE WHEN keyed THEN raw_html END AS raw_html
         FROM (SELECT *, idempotency_key = ANY($2::text[]) AS keyed FROM article
                WHERE external_key = ANY($1::text[]) OR idempotency_key = ANY($2::text[])) AS matched`,
      [keys, idempotencyKeys],
    );
    const byKey = new Map(rows.filter((r) => r.external_key !== null).map((r) => [r.external_key, r]));
    const byIdempotencyKey = new Map(rows.filter((r) => r.idempotency_key !== null).map((r) => [r.idempotency_key, r]));
    for (const item of items) {
      const existing =
        (item.idempotencyKey !== null ? byIdempotencyKey.get(item.idempotencyKey) : undefined) ??
        (item.key !== null ? byKey.get(item.key) : undefined);
      if (!existing) throw new Error('article insert conflicted but no existing article matches');
      results[item.index] = {
        id: existing.id,
        status: existing.status,
        duplicate: true,
        keyReused:
          item.idempotencyKey !== null &&
          existing.idempotency_key === item.idempotencyKey &&
          !sameRequest(existing, item.s),
      };
    }
  }
}
