import 'reflect-metadata';
import { loadConfigOrExit } from '@storyline/config';
import { createIngestApp } from './ingest-app';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createIngestApp(config);
  await app.listen(config.INGEST_PORT, config.HOST);
}

void bootstrap();
