import 'reflect-metadata';
import { loadConfigOrExit } from '@storyline/config';
import { exitOnStartupFailure } from '@storyline/observability';
import { createDedupeApp } from './dedupe-app';

async function bootstrap(): Promise<void> {
  const app = await createDedupeApp(loadConfigOrExit());
  await app.listen();
}

bootstrap().catch(exitOnStartupFailure('dedupe', 'DEDUPE_METRICS_PORT'));
