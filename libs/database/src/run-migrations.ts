import { createDataSource } from './data-source';
import { ensureDatabase } from './ensure-database';

/**
 * The explicit migration step (`npm run migrate`, the compose `migrate` service, and test setup).
 * TypeORM takes an advisory lock around the run, so concurrent starts cannot apply a migration twice.
 */
export async function runMigrations(url: string, log: (line: string) => void = () => undefined): Promise<string[]> {
  if (await ensureDatabase(url)) log(`created database ${new URL(url).pathname.slice(1)}`);
  const dataSource = createDataSource({ url, poolSize: 2, applicationName: 'storyline-migrate' });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const m of applied) log(`applied ${m.name}`);
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

/** SQL that would bring the database in line with the entities; empty when migrations and entities agree. */
export async function pendingSchemaChanges(url: string): Promise<string[]> {
  const dataSource = createDataSource({ url, poolSize: 2, applicationName: 'storyline-drift-check' });
  await dataSource.initialize();
  try {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return sql.upQueries.map((q) => q.query);
  } finally {
    await dataSource.destroy();
  }
}
