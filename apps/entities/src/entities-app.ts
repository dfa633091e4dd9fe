import type { AppConfig } from '@storyline/config';
import { QueueName } from '@storyline/contracts';
import { createWorkerApp } from '@storyline/pipeline';
import { EntitiesModule } from './entities.module';

export function createEntitiesApp(config: AppConfig) {
  return createWorkerApp(EntitiesModule.forRoot(config), config, [QueueName.Entities], {
    concurrency: config.STAGE_BATCH_SIZE,
    metricsPort: config.ENTITIES_METRICS_PORT,
  });
}
