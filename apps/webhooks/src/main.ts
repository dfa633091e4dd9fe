import 'reflect-metadata';
import { loadConfigOrExit } from '@storyline/config';
import { createWebhooksApp } from './webhooks-app';

async function bootstrap(): Promise<void> {
  const app = await createWebhooksApp(loadConfigOrExit());
  await app.listen();
}

void bootstrap();
