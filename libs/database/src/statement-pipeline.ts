import type { PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';
import { preparedQuery, statementConfig } from './prepared-query';

/**
 * Statements of one transaction that the caller does not need answers to before it goes on: each is sent to Postgres
 * at once, in order on the transaction's connection, and its answer (or the failure of its `check`) is looked at only
 * when the caller settles them.
 *
 * Why: a transaction holding row locks and awaiting each statement waits, for every answer, until its process's event
 * loop comes back to it; in a worker that runs other jobs' computations meanwhile, that is one of their slices of
 * JavaScript per statement, during which every other transaction needing those rows waits too. Sent together, the
 * statements run back to back in Postgres and the locks are held for their execution and one turn of the loop.
 *
 * A statement sent after one that failed fails too (the transaction is aborted): `settle` and `failure` report the
 * first failure, the one to act on. Without a connection of its own (a manager outside a transaction) each statement
 * runs when sent and is awaited there, as an ordinary query.
 */
export class StatementPipeline {
  private readonly answers: Promise<void>[] = [];
  private firstFailure: { error: unknown } | undefined;

  private constructor(
    private readonly manager: EntityManager,
    private readonly client: PoolClient | null,
  ) {}

  /** Statements run one at a time, each awaited when sent: for callers that want their answers at once. */
  static inOrder(manager: EntityManager): StatementPipeline {
    return new StatementPipeline(manager, null);
  }

  /** A pipeline on the manager's transaction connection, if it has one. */
  static async on(manager: EntityManager): Promise<StatementPipeline> {
    const runner = manager.queryRunner;
    return new StatementPipeline(manager, runner ? ((await runner.connect()) as PoolClient) : null);
  }

  /**
   * Sends a statement after those sent before. `check` sees its rows and throws to fail it (a precondition found not
   * to hold). Resolves at once on a pipelined connection; otherwise once the statement has run.
   */
  send<T = unknown>(text: string, values: unknown[], check?: (rows: T[]) => void): Promise<void> {
    if (!this.client) return preparedQuery<T>(this.manager, text, values).then((rows) => check?.(rows));
    const answer = this.client
      .query(statementConfig(this.manager, text, values))
      .then(({ rows }) => check?.(rows as T[]));
    this.answers.push(
      answer.catch((error: unknown) => {
        this.firstFailure ??= { error };
      }),
    );
    return Promise.resolve();
  }

  /** The first failure of a statement sent, once its answer came; the error to report instead of a later one. */
  get failure(): unknown {
    return this.firstFailure?.error;
  }

  /** Waits for the answers of every statement sent so far; throws the first failure. */
  async settle(): Promise<void> {
    await Promise.all(this.answers.splice(0));
    if (this.firstFailure) throw this.firstFailure.error;
  }
}
