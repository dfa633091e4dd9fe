import { preparedQuery } from '@storyline/database';
import { performance } from 'node:perf_hooks';
import { EntityManager } from 'typeorm';

/**
 * A column for a locking statement: how long Postgres has been running it, in ms, evaluated once its locks are
 * taken. That is the time it was blocked by other transactions' locks (and its own execution, a fraction of a ms),
 * without the time the worker's event loop took to get to the answer.
 */
export const BLOCKED_MS = `(extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000)::float8`;

/** The kinds of key a decision locks: LSH bands first, story keys last. */
export type LockScope = 'band' | 'key';

/**
 * The locks one story decision holds, all until its transaction ends. A decision locks what it reads to decide
 * and what it changes: the LSH bands of its fingerprint (two copies of one text are decided one after the other,
 * and the second sees the first), the candidate stories it may change, by row in id order (PgStoryStore.hold),
 * and, only when it founds a story, that story's keys and its article's lookup keys (two decisions founding one
 * event at once: the second sees the first's story; StoryStore.confirmFounding). Decisions that share none of
 * these, about other events, run at once on as many workers as there are. `waitedMs` is how long the decision
 * spent taking locks as the worker saw it: the time it was serialized behind others, plus the time the worker's event
 * loop, busy with its other jobs, took to see that it had them. `blockedMs` is the first part alone, as Postgres
 * measured it (BLOCKED_MS).
 */
export class DecisionLocks {
  waitedMs = 0;
  blockedMs = 0;

  constructor(private readonly tx: EntityManager) {}

  /** Advisory locks on `keys` of one scope, taken in hash order by one statement. */
  async lock(scope: LockScope, keys: string[]): Promise<void> {
    if (!keys.length) return;
    const [row] = await this.timed(() =>
      preparedQuery<{ blocked_ms: number }>(
        this.tx,
        `SELECT ${BLOCKED_MS} AS blocked_ms
           FROM (SELECT count(pg_advisory_xact_lock(h))
                   FROM (SELECT DISTINCT hashtextextended($1 || k, 0) AS h FROM unnest($2::text[]) AS k ORDER BY h) l) x`,
        [`${scope}:`, keys],
      ),
    );
    this.blocked(row.blocked_ms);
  }

  /** Counts a locking statement's BLOCKED_MS. */
  blocked(ms: number | undefined): void {
    this.blockedMs += ms ?? 0;
  }

  /** Counts the time since `sentAt` (performance.now) as waiting: a locking statement sent without awaiting it. */
  waited(sentAt: number): void {
    this.waitedMs += performance.now() - sentAt;
  }

  /** Runs a statement that locks rows (FOR UPDATE), counting its time as waiting. */
  async timed<T>(statement: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await statement();
    } finally {
      this.waitedMs += performance.now() - start;
    }
  }
}
