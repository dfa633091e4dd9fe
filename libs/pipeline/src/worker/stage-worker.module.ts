import { DynamicModule, Provider, Type } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@storyline/config';
import { DatabaseModule } from '@storyline/database';
import { LoggingModule } from '@storyline/observability';
import { StoryEvents } from '../outbox/story-events.service';
import { PipelineQueue } from '../queue/pipeline-queue';
import { ArticleFailures } from '../stage/article-failures.service';
import { FailedStageJobs } from '../stage/failed-stage-jobs.controller';
import { SWEEP_TARGET, StageSweeper, SweepTarget } from '../stage/stage-sweeper';

export interface StageWorkerOptions {
  /** Service name in logs and in Postgres' application_name. */
  service: string;
  controllers: Type<unknown>[];
  /** The stage's use case and whatever it alone needs. */
  providers: Provider[];
  /** Articles waiting at this stage, re-queued by the sweeper. */
  sweep: SweepTarget;
}

/**
 * What every pipeline stage worker is made of — config, JSON logs, Postgres, the producer for the next stage,
 * failure recording (for jobs that failed for good, FailedStageJobs), the outbox and the sweeper — so an app
 * module only names its controller and use case.
 */
export function stageWorkerModule(
  module: Type<unknown>,
  config: AppConfig,
  options: StageWorkerOptions,
): DynamicModule {
  return {
    module,
    imports: [
      ConfigModule.forRoot(config),
      LoggingModule.forRoot(options.service, config),
      // A connection per concurrent job (a dedupe job holds one while it waits for the assignment lock), plus
      // room for the sweeper and failure bookkeeping: no job should wait for the pool, where it would time out.
      DatabaseModule.forRoot(config, {
        service: options.service,
        role: 'worker',
        poolSize: config.WORKER_CONCURRENCY + 4,
      }),
    ],
    controllers: [...options.controllers, FailedStageJobs],
    providers: [
      PipelineQueue,
      StoryEvents,
      ArticleFailures,
      StageSweeper,
      { provide: SWEEP_TARGET, useValue: options.sweep },
      ...options.providers,
    ],
  };
}
