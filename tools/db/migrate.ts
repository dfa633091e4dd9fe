import { loadConfigOrExit } from '@storyline/config';
import { runMigrations } from '@storyline/database';

/** `npm run migrate`: the one step that changes the schema; compose and `npm start` run it before any app. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const applied = await runMigrations(config.DATABASE_URL, (line) => process.stdout.write(`[migrate] ${line}\n`));
  process.stdout.write(
    `[migrate] ${applied.length ? `${applied.length} migration(s) applied` : 'schema up to date'}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`[migrate] failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
