import 'reflect-metadata';
import { loadConfigOrExit } from '@storyline/config';
import { createDedupeApp } from './dedupe-app';

async function bootstrap(): Promise<void> {
  const app = await createDedupeApp(loadConfigOrExit());
  await app.listen();
}

void bootstrap();
