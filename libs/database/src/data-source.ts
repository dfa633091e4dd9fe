import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { PREPARED_STATEMENTS_OPTION } from './prepared-query';

export interface DataSourceSettings {
  url: string;
  /** Connections per process; each worker and HTTP service holds its own pool. */
  poolSize?: number;
  applicationName?: string;
  /** Postgres' statement_timeout of every connection, in ms (0 or none: no limit). */
  statementTimeoutMs?: number;
  /** Postgres' lock_timeout of every connection, in ms (0 or none: no limit). */
  lockTimeoutMs?: number;
  /** Whether `preparedQuery` may keep named prepared statements on the connections (default: yes). */
  preparedStatements?: boolean;
}

const CONNECT_TIMEOUT_MS = 10_000;

/** TypeORM options shared by the apps, the migrate step and the tools. Schema changes come only from migrations. */
export function dataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    extra: {
      max: settings.poolSize ?? 10,
      application_name: settings.applicationName ?? 'storyline',
      // A server that accepts connections but never answers fails the connection (and the retry that follows
      // says so) instead of hanging a start-up or a request forever. pg-pool applies the same limit to waiting
      // for a free pooled connection: pools are sized so that jobs do not wait (workers: one per concurrent
      // job), and an HTTP request that still waits this long is answered 503.
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      // Sent as start-up parameters, so they hold from a connection's first statement; a transaction may still
      // set its own (SET LOCAL lock_timeout, as dedupe's decisions do).
      statement_timeout: settings.statementTimeoutMs || undefined,
      lock_timeout: settings.lockTimeoutMs || undefined,
      [PREPARED_STATEMENTS_OPTION]: settings.preparedStatements ?? true,
      // Statements queued on one connection go out at once (pg's pipeline mode) instead of each after the answer to
      // the one before: a story decision sends its writes together (StatementPipeline), and the rows it locks stay
      // locked for their execution, not for a round trip and a turn of the worker's event loop per statement. Code
      // that awaits each statement runs as before.
      pipeline: true,
    },
  };
}

export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource(dataSourceOptions(settings));
}
