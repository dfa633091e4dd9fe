import { AppConfig } from '@storyline/config';
import { createDataSource } from '@storyline/database';
import { DataSource } from 'typeorm';

/** A small pool to the stack's Postgres, named so that `pg_stat_activity` shows who is connected. */
export async function openDatabase(config: AppConfig): Promise<DataSource> {
  return createDataSource({ url: config.DATABASE_URL, poolSize: 2, applicationName: 'storyline-cli' }).initialize();
}
