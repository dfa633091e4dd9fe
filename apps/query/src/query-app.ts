import { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@storyline/config';
import { webhookEventJsonSchema } from '@storyline/contracts';
import { createHttpApp } from '@storyline/http';
import { QueryModule } from './query.module';
import { mountQueueDashboard } from './queue-dashboard';

export async function createQueryApp(config: AppConfig): Promise<INestApplication> {
  const app = await createHttpApp(QueryModule.forRoot(config), {
    title: 'Storyline query',
    description:
      'Stories, articles and entities, and webhook subscriptions. Webhook payloads follow the WebhookEventV1 schema.',
    extraSchemas: { WebhookEventV1: webhookEventJsonSchema() },
  });
  mountQueueDashboard(app);
  return app;
}
