import 'reflect-metadata';
import { loadConfigOrExit } from '@storyline/config';
import { exitOnStartupFailure } from '@storyline/observability';
import { createFetchApp } from './fetch-app';

async function bootstrap(): Promise<void> {
  const app = await createFetchApp(loadConfigOrExit());
  await app.listen();
}

bootstrap().catch(exitOnStartupFailure('fetch', 'FETCH_METRICS_PORT'));
