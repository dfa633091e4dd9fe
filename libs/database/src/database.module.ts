import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '@storyline/config';
import { ConnectionsInUse } from './connections-in-use';
import { dataSourceOptions } from './data-source';

type TimeoutSettings = 'HTTP_STATEMENT_TIMEOUT_MS' | 'HTTP_LOCK_TIMEOUT_MS' | 'WORKER_STATEMENT_TIMEOUT_MS';

export interface DatabaseModuleOptions {
  /** Service name in Postgres' application_name. */
  service: string;
  /**
   * An HTTP service answers within its statement and lock timeouts (503 past them, never a request hung on a
   * locked table). A worker's statements get a generous statement_timeout and no lock_timeout: a worker that
   * waits for a lock waits for another job's transaction (dedupe's decisions take turns on shared stories and
   * set their own lock_timeout), and failing it early would only retry the same wait; the statement_timeout
   * still ends a wait or a query that is stuck, failing the job for a retry instead of holding it forever.
   */
  role: 'http' | 'worker';
  /** Connections this process may hold; a worker needs about one per concurrent job. */
  poolSize?: number;
}

/** The Postgres connection for a Nest app. It never migrates: that is the `migrate` step's job. */
@Module({})
export class DatabaseModule {
  static forRoot(
    config: Pick<AppConfig, 'DATABASE_URL' | 'DATABASE_PREPARED_STATEMENTS' | TimeoutSettings>,
    options: DatabaseModuleOptions,
  ): DynamicModule {
    const http = options.role === 'http';
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions({
            url: config.DATABASE_URL,
            applicationName: `storyline-${options.service}`,
            poolSize: options.poolSize ?? 10,
            statementTimeoutMs: http ? config.HTTP_STATEMENT_TIMEOUT_MS : config.WORKER_STATEMENT_TIMEOUT_MS,
            preparedStatements: config.DATABASE_PREPARED_STATEMENTS,
            lockTimeoutMs: http ? config.HTTP_LOCK_TIMEOUT_MS : undefined,
          }),
          retryAttempts: 10,
          retryDelay: 1000,
        }),
      ],
      providers: [ConnectionsInUse],
      exports: [TypeOrmModule, ConnectionsInUse],
    };
  }
}
