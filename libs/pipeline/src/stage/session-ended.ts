import { sqlState } from '@storyline/database';

/**
 * Postgres ended the session under a statement (admin_shutdown: the worker's shutdown deadline ended the sessions it
 * had in use). A batch stops there instead of going on to its next article: a new session waiting on a lock could
 * outlive the process, holding the locks it took.
 */
export function sessionEnded(error: unknown): boolean {
  return sqlState(error) === '57P01';
}
