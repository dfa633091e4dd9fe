import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DataSourceSettings {
  url: string;
  /** Connections per process; each worker and HTTP service holds its own pool. */
  poolSize?: number;
  applicationName?: string;
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
    },
  };
}

export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource(dataSourceOptions(settings));
}
