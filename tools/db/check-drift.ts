import { loadConfigOrExit } from '@storyline/config';
import { pendingSchemaChanges } from '@storyline/database';
import { withScratchDatabase } from './scratch-database';

/** `npm run migration:check`: fails when the entities describe a schema the migrations do not create. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const pending = await withScratchDatabase(config.DATABASE_URL, pendingSchemaChanges);
  if (pending.length) {
    process.stderr.write(`entities and migrations drifted; missing migration for:\n${pending.join(';\n')}\n`);
    process.exit(1);
  }
  process.stdout.write('entities and migrations agree\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
