import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '@storyline/config';
import { exitOnStartupFailure } from '@storyline/observability';
import { createQueryApp } from './query-app';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createQueryApp(config);
  await app.listen(config.QUERY_PORT, config.HOST);
  // The address actually bound (port 0 picks a free one), so an operator reading the log knows where to call.
  Logger.log(`listening on ${await app.getUrl()}`, 'Bootstrap');
}

bootstrap().catch(exitOnStartupFailure('query', 'QUERY_PORT'));
