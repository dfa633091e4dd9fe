import { preparedQuery } from '@storyline/database';
import { performance } from 'node:perf_hooks';
import { EntityManager } from 'typeorm';

/** The kinds of key a decision locks: LSH bands first, story keys last. */
export type LockScope = 'band' | 'key';

/**
 * The locks one story decision holds, all until its transaction ends. A decision locks what it reads to decide
 * and what it changes: the LSH bands of its fingerprint (two copies of one text are decided one after the other,
 * and the second sees the first), the candidate stories it may change, by row in id order (PgStoryStore.hold),
 * and, only when it founds a story, that story's keys and its article's lookup keys (two decisions founding one
 * event at once: the second sees the first's story; StoryStore.confirmFounding). Decisions that share none of
 * these, about other events, run at once on as many workers as there are. `waitedMs` is how long the decision
 * spent taking locks: the time it was serialized behind others.
 */
export class DecisionLocks {
  waitedMs = 0;

  constructor(private readonly tx: EntityManager) {}

  /** Advisory locks on `keys` of one scope, taken in hash order by one statement. */
  async lock(scope: LockScope, keys: string[]): Promise<void> {
    if (!keys.length) return;
    await this.timed(() =>
      preparedQuery(
        this.tx,
        `SELECT pg_advisory_xact_lock(h)
           FROM (SELECT DISTINCT hashtextextended($1 || k, 0) AS h FROM unnest($2::text[]) AS k ORDER BY h) l`,
        [`${scope}:`, keys],
      ),
    );
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
