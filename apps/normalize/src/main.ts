import 'reflect-metadata';
import { loadConfigOrExit } from '@storyline/config';
import { exitOnStartupFailure } from '@storyline/observability';
import { createNormalizeApp } from './normalize-app';

async function bootstrap(): Promise<void> {
  const app = await createNormalizeApp(loadConfigOrExit());
  await app.listen();
}

bootstrap().catch(exitOnStartupFailure('normalize', 'NORMALIZE_METRICS_PORT'));
