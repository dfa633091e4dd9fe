import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { loadConfigOrExit } from '@storyline/config';
import { withScratchDatabase } from '../db/scratch-database';
import { DOCUMENTED_SERVICES, documentPath, documentText, fetchServedDocument } from './served-documents';

/**
 * `npm run openapi`: writes openapi/<service>.json, each the document its service serves, read from it started
 * (on a scratch database, on ports the system picks). test/http/openapi-documents.e2e-spec.ts fails while a
 * committed document differs from the served one.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  await withScratchDatabase(config.DATABASE_URL, async (databaseUrl) => {
    for (const [service, create] of Object.entries(DOCUMENTED_SERVICES)) {
      // Its routes and their start-up are not what this prints.
      const app = await create({ ...config, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' });
      try {
        await app.listen(0, '127.0.0.1');
        const document = await fetchServedDocument(await app.getUrl());
        // npm runs scripts in the project's root.
        const path = documentPath(process.cwd(), service as keyof typeof DOCUMENTED_SERVICES);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, documentText(document));
        process.stdout.write(`wrote ${path}\n`);
      } finally {
        await app.close();
      }
    }
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
