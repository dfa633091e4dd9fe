import 'reflect-metadata';
import { loadConfigOrExit } from '@storyline/config';
import { createEntitiesApp } from './entities-app';

async function bootstrap(): Promise<void> {
  const app = await createEntitiesApp(loadConfigOrExit());
  await app.listen();
}

void bootstrap();
