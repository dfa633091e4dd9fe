import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';

/** The `term_statistic` row holding the number of documents observed in the stream. */
export const DOC_COUNT_TERM = '';

/** How often this process writes the counts it gathered. */
const FLUSH_INTERVAL_MS = 1_000;

/**
 * The stream's document frequencies as this process observes them, written to `term_statistic` once a second in
 * one upsert, in term order. Counted inside each story decision, they made the document-count row a lock every
 * decision in the cluster queued for, and left a dead row version per term per article. Counts not yet written
 * are read back by this process (`pending`); other processes see them within a second, and a crash loses at most
 * a second of counts: document frequencies are estimates over tens of thousands of documents, and a second of
 * them moves no weight measurably.
 */
@Injectable()
export class StreamTermCounts implements OnModuleDestroy {
  private counts = new Map<string, number>();
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
    if (this.counts.size === 0) return;
    const batch = this.counts;
    this.counts = new Map();
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
      for (const [term, n] of batch) this.add(term, n);
      this.logger.warn({ err: error, terms: terms.length }, 'term counts not written; kept for the next write');
    }
  }
}
