import type { AppConfig } from '@storyline/config';
import { QueueName } from '@storyline/contracts';
import { createWorkerApp } from '@storyline/pipeline';
import { DedupeModule } from './dedupe.module';

export function createDedupeApp(config: AppConfig) {
  return createWorkerApp(DedupeModule.forRoot(config), config, [QueueName.Dedupe], {
    metricsPort: config.DEDUPE_METRICS_PORT,
  });
}
