import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@storyline/config';
import { ArticleStatus, JobName } from '@storyline/contracts';
import { DatabaseModule } from '@storyline/database';
import { LoggingModule } from '@storyline/observability';
import {
  ArticleFailures,
  DedupeArticle,
  PipelineQueue,
  StageSweeper,
  StoryEvents,
  SWEEP_TARGET,
} from '@storyline/pipeline';
import { DedupeController } from './dedupe.controller';

@Module({})
export class DedupeModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DedupeModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot('dedupe', config),
        DatabaseModule.forRoot(config, 'dedupe'),
      ],
      controllers: [DedupeController],
      providers: [
        PipelineQueue,
        StoryEvents,
        ArticleFailures,
        DedupeArticle,
        StageSweeper,
        { provide: SWEEP_TARGET, useValue: { status: ArticleStatus.Normalized, job: JobName.DedupeArticle } },
      ],
    };
  }
}
