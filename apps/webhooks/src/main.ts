import 'reflect-metadata';
import { loadConfigOrExit } from '@storyline/config';
import { exitOnStartupFailure } from '@storyline/observability';
import { createWebhooksApp } from './webhooks-app';

async function bootstrap(): Promise<void> {
  const app = await createWebhooksApp(loadConfigOrExit());
  await app.listen();
}

bootstrap().catch(exitOnStartupFailure('webhooks', 'WEBHOOKS_METRICS_PORT'));
