import { Client } from 'pg';
import { runMigrations } from '@storyline/database';

/** A throw-away database beside the configured one, migrated to the current head. */
export async function withScratchDatabase<T>(baseUrl: string, work: (url: string) => Promise<T>): Promise<T> {
  const url = new URL(baseUrl);
  url.pathname = `/storyline_scratch_${process.pid}_${Date.now()}`;
  const scratch = url.toString();
  await runMigrations(scratch);
  try {
    return await work(scratch);
  } finally {
    const admin = new URL(baseUrl);
    admin.pathname = '/postgres';
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`);
    await client.end();
  }
}
