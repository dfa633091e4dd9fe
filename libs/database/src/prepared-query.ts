import { createHash } from 'node:crypto';
import type { Pool, PoolClient, QueryConfig } from 'pg';
import type { EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** The data source option (in TypeORM's `extra`, which the pg pool ignores) that turns prepared statements off. */
export const PREPARED_STATEMENTS_OPTION = 'storylinePreparedStatements';

const names = new Map<string, string>();

/** A statement's name on a connection: derived from its text, so one text is prepared once per connection. */
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `sl_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a statement of a hot path (a story decision's dozen or so) as a named prepared statement on the
 * transaction's connection: Postgres parses and plans it once per connection instead of on every call. Planning
 * these statements costs about as much as running most of them (total_plan_time in pg_stat_statements).
 *
 * Only for statements whose text is fixed (values go in parameters: each distinct text stays prepared on the
 * connection for its lifetime), and whose generic plan is as good as a fresh one: after five runs Postgres may
 * keep one plan for all values, and for some joins driven by an array of ids that plan ran several times slower
 * (compare total_plan_time + total_exec_time in pg_stat_statements with DATABASE_PREPARED_STATEMENTS on and off).
 * Returns the rows, for any kind of statement. Outside a transaction (a manager without a query runner, such as
 * `dataSource.manager`) it runs on a pooled connection, prepared there too, as a transaction of its own. When `DATABASE_PREPARED_STATEMENTS` is off (a PgBouncer before 1.21 in transaction mode cannot keep
 * them), it is an ordinary query.
 */
export async function preparedQuery<T = any>(manager: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  const runner = manager.queryRunner;
  const extra = manager.connection.options.extra as Record<string, unknown> | undefined;
  if (extra?.[PREPARED_STATEMENTS_OPTION] === false) {
    const own = runner ? undefined : manager.connection.createQueryRunner();
    try {
      return (await (runner ?? own!).query(text, values, true)).records as T[];
    } finally {
      await own?.release();
    }
  }
  const client: Pool | PoolClient = runner
    ? await runner.connect()
    : (manager.connection.driver as PostgresDriver).master;
  const { rows } = await client.query(statementConfig(manager, text, values));
  return rows as T[];
}

/** The statement as preparedQuery sends it: named, unless `DATABASE_PREPARED_STATEMENTS` is off. */
export function statementConfig(manager: EntityManager, text: string, values: unknown[]): QueryConfig {
  const extra = manager.connection.options.extra as Record<string, unknown> | undefined;
  return extra?.[PREPARED_STATEMENTS_OPTION] === false ? { text, values } : { name: nameOf(text), text, values };
}
