import type { AppConfig } from '@storyline/config';
import { QueueName } from '@storyline/contracts';
import { createWorkerApp, fetchBackoff } from '@storyline/pipeline';
import { FetchModule } from './fetch.module';

export function createFetchApp(config: AppConfig) {
  // A fetch can wait on politeness and then on a slow site up to FETCH_TIMEOUT_MS: the job lock must outlast that.
  return createWorkerApp(FetchModule.forRoot(config), config, [QueueName.Fetch], {
    lockDurationMs: Math.max(60_000, config.FETCH_TIMEOUT_MS * 2),
    concurrency: config.FETCH_CONCURRENCY,
    metricsPort: config.FETCH_METRICS_PORT,
    backoffStrategy: fetchBackoff,
  });
}
