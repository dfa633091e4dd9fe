import { DataSource, EntityManager } from 'typeorm';

/** How long a decision waits for another's locks before it gives up and is made again. */
const DECISION_LOCK_TIMEOUT = '5s';

/**
 * How long a decision's transaction may sit waiting on its worker (which computes between statements for
 * milliseconds) before Postgres ends it and frees its locks: a worker stopped mid-decision (SIGSTOP, a frozen VM)
 * then holds up the articles that share its bands or stories for seconds, not until someone notices.
 */
const DECISION_IDLE_TIMEOUT = '10s';

/**
 * The transaction opened with its settings in one round trip (a decision makes about twenty). The prepared statements
 * of a decision keep one plan (see preparedQuery): left to choose, Postgres planned some of them again on every call.
 */
const BEGIN_DECISION = `BEGIN; SET LOCAL lock_timeout = '${DECISION_LOCK_TIMEOUT}';
  SET LOCAL idle_in_transaction_session_timeout = '${DECISION_IDLE_TIMEOUT}';
  SET LOCAL plan_cache_mode = force_generic_plan`;

/**
 * Runs `work` in a transaction of its own on a pooled connection, committed when it resolves and rolled back when it
 * throws, as `DataSource.transaction` does, but opened together with the decision's lock and idle timeouts: one round
 * trip instead of two, for every decision.
 */
export async function inDecisionTransaction<T>(db: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(BEGIN_DECISION);
    let result: T;
    try {
      result = await work(runner.manager);
    } catch (error) {
      // A connection that broke mid-decision cannot roll back; Postgres does so when the session ends.
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    await runner.query('COMMIT');
    return result;
  } finally {
    await runner.release();
  }
}
