import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '@storyline/database';

/** The `term_statistic` row holding the number of documents observed in the stream. */
export const DOC_COUNT_TERM = '';

/** How often this process writes the counts it gathered. */
const FLUSH_INTERVAL_MS = 1_000;

/**
 * How long a count read from `term_statistic` is used before it is read again: every decision needs the counts of
 * all its terms, and reading them each time is hundreds of index probes per article. With one dedupe process the
 * counts it uses stay exact (its own are added as it writes them); with several, each sees the others' counts up
 * to this much later instead of a second (the flush interval).
 */
export const STORED_COUNT_TTL_MS = 10_000;

interface StoredCount {
  df: number;
  readAt: number;
}

/**
 * The stream's document frequencies as this process observes them, written to `term_statistic` once a second in
 * one upsert, in term order: counted inside each story decision, the document-count row would be a lock every
 * decision in the cluster queues for, and every term a dead row version per article. Counts not yet written
 * are read back by this process (`pending`); other processes see them within a second, and a crash loses at most
 * a second of counts: document frequencies are estimates over tens of thousands of documents, and a second of
 * them moves no weight measurably.
 */
@Injectable()
export class StreamTermCounts implements OnModuleDestroy {
  private counts = new Map<string, number>();
  /** Counts read from `term_statistic` (0 for a term it does not hold), plus what this process wrote since. */
  private readonly stored = new Map<string, StoredCount>();
  private lastSweep = Date.now();
  private flushing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(StreamTermCounts.name);
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /** Counts one more document containing each of the distinct `terms`. */
  observe(terms: Iterable<string>): void {
    for (const term of new Set(terms)) this.add(term, 1);
    this.add(DOC_COUNT_TERM, 1);
  }

  /** What this process counted and has not written yet. */
  pending(term: string): number {
    return this.counts.get(term) ?? 0;
  }

  /**
   * The stream's document frequency of each term with a count (stored, then this process's own not yet written):
   * terms whose stored count was read more than STORED_COUNT_TTL_MS ago, or never, are read in one query.
   */
  async documentFrequencies(db: EntityManager, terms: string[]): Promise<Map<string, number>> {
    const now = Date.now();
    const storedCounts = new Map<string, number>();
    const unread: string[] = [];
    for (const t of terms) {
      const entry = this.stored.get(t);
      if (entry && now - entry.readAt <= STORED_COUNT_TTL_MS) storedCounts.set(t, entry.df);
      else unread.push(t);
    }
    if (unread.length) {
      const rows: { term: string; df: number }[] = await preparedQuery(
        db,
        `SELECT term, df FROM term_statistic WHERE term = ANY($1)`,
        [unread],
      );
      const read = new Map(rows.map((r) => [r.term, r.df]));
      for (const t of unread) {
        this.stored.set(t, { df: read.get(t) ?? 0, readAt: now });
        storedCounts.set(t, read.get(t) ?? 0);
      }
    }
    const out = new Map<string, number>();
    for (const t of terms) {
      const n = storedCounts.get(t)! + this.pending(t);
      if (n) out.set(t, n);
    }
    return out;
  }

  /** Writes what was counted; a failed write keeps the counts for the next one. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private add(term: string, n: number): void {
    this.counts.set(term, (this.counts.get(term) ?? 0) + n);
  }

  private async write(): Promise<void> {
    this.forgetUnread();
    if (this.counts.size === 0) return;
    const batch = this.counts;
    this.counts = new Map();
    // Counted as stored from now on, so that what this process reads back neither drops nor doubles them.
    this.addStored(batch, 1);
    const terms = [...batch.keys()].sort();
    try {
      // In term order, so two processes writing at once take the rows' locks in one order and never deadlock.
      await this.db.query(
        `INSERT INTO term_statistic (term, df)
         SELECT t, n FROM unnest($1::text[], $2::int[]) AS u(t, n) ORDER BY t
         ON CONFLICT (term) DO UPDATE SET df = term_statistic.df + excluded.df`,
        [terms, terms.map((t) => batch.get(t)!)],
      );
    } catch (error) {
      this.addStored(batch, -1);
      for (const [term, n] of batch) this.add(term, n);
      this.logger.warn({ err: error, terms: terms.length }, 'term counts not written; kept for the next write');
    }
  }

  private addStored(batch: Map<string, number>, sign: 1 | -1): void {
    for (const [term, n] of batch) {
      const entry = this.stored.get(term);
      if (entry) entry.df += sign * n;
    }
  }

  /** Drops counts too old to be used, every STORED_COUNT_TTL_MS: the map holds about the terms of that long. */
  private forgetUnread(): void {
    const now = Date.now();
    if (now - this.lastSweep < STORED_COUNT_TTL_MS) return;
    this.lastSweep = now;
    for (const [term, entry] of this.stored) if (now - entry.readAt > STORED_COUNT_TTL_MS) this.stored.delete(term);
  }
}
