import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@storyline/config';
import { ArticleStatus, JobName } from '@storyline/contracts';
import { DatabaseModule } from '@storyline/database';
import { LoggingModule } from '@storyline/observability';
import {
  ArticleFailures,
  NormalizeArticle,
  PipelineQueue,
  StageSweeper,
  StoryEvents,
  SWEEP_TARGET,
} from '@storyline/pipeline';
import { NormalizeController } from './normalize.controller';

@Module({})
export class NormalizeModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: NormalizeModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot('normalize', config),
        DatabaseModule.forRoot(config, 'normalize'),
      ],
      controllers: [NormalizeController],
      providers: [
        PipelineQueue,
        StoryEvents,
        ArticleFailures,
        NormalizeArticle,
        StageSweeper,
        { provide: SWEEP_TARGET, useValue: { status: ArticleStatus.Received, job: JobName.NormalizeArticle } },
      ],
    };
  }
}
