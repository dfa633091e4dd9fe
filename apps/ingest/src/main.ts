import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '@storyline/config';
import { exitOnStartupFailure } from '@storyline/observability';
import { createIngestApp } from './ingest-app';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createIngestApp(config);
  await app.listen(config.INGEST_PORT, config.HOST);
  // The address actually bound (port 0 picks a free one), so an operator reading the log knows where to call.
  Logger.log(`listening on ${await app.getUrl()}`, 'Bootstrap');
}

bootstrap().catch(exitOnStartupFailure('ingest', 'INGEST_PORT'));
