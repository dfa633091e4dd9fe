import 'reflect-metadata';
import { loadConfigOrExit } from '@storyline/config';
import { exitOnStartupFailure } from '@storyline/observability';
import { createEntitiesApp } from './entities-app';

async function bootstrap(): Promise<void> {
  const app = await createEntitiesApp(loadConfigOrExit());
  await app.listen();
}

bootstrap().catch(exitOnStartupFailure('entities', 'ENTITIES_METRICS_PORT'));
