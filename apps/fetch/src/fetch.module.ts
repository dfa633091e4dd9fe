import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@storyline/config';
import { DatabaseModule } from '@storyline/database';
import { LoggingModule } from '@storyline/observability';
import {
  FeedPoller,
  FeedScheduler,
  FetchArticle,
  FetchMetrics,
  FetchSweeper,
  PageCollector,
  PipelineQueue,
  StoryEvents,
  UrlIntake,
} from '@storyline/pipeline';
import { FetchController } from './fetch.controller';

/**
 * The fetch worker: feeds polled on their schedule, and pages of articles that came as URLs (posted, or items of
 * those feeds) fetched politely and handed to normalize. Not a stage
 * worker (stageWorkerModule): its jobs are keyed by URL, and its failures are fetch outcomes it records itself.
 */
const FETCH_POOL_SIZE = 6;

@Module({})
export class FetchModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: FetchModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot('fetch', config),
        // A fetch holds no connection while it waits on a site (most of its time): its statements are short and few,
        // so a small pool serves FETCH_CONCURRENCY jobs, where one per job would sit idle.
        DatabaseModule.forRoot(config, { service: 'fetch', role: 'worker', poolSize: FETCH_POOL_SIZE }),
      ],
      controllers: [FetchController],
      providers: [
        PipelineQueue,
        StoryEvents,
        PageCollector,
        FetchMetrics,
        FetchArticle,
        FetchSweeper,
        UrlIntake,
        FeedPoller,
        FeedScheduler,
      ],
    };
  }
}
