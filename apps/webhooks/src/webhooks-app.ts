import type { AppConfig } from '@storyline/config';
import { QueueName } from '@storyline/contracts';
import { createWorkerApp } from '@storyline/pipeline';
import { WebhooksModule } from './webhooks.module';

export function createWebhooksApp(config: AppConfig) {
  // A delivery attempt can wait up to WEBHOOK_TIMEOUT_MS on the receiver; the job lock must outlast it.
  return createWorkerApp(WebhooksModule.forRoot(config), config, [QueueName.Webhooks], {
    lockDurationMs: Math.max(60_000, config.WEBHOOK_TIMEOUT_MS * 2),
    concurrency: config.WEBHOOK_CONCURRENCY,
    metricsPort: config.WEBHOOKS_METRICS_PORT,
  });
}
