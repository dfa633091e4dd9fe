import type { AppConfig } from '@storyline/config';
import { QueueName } from '@storyline/contracts';
import { createWorkerApp } from '@storyline/pipeline';
import { NormalizeModule } from './normalize.module';

export function createNormalizeApp(config: AppConfig) {
  return createWorkerApp(NormalizeModule.forRoot(config), config, [QueueName.Normalize], {
    concurrency: config.STAGE_BATCH_SIZE,
    metricsPort: config.NORMALIZE_METRICS_PORT,
  });
}
