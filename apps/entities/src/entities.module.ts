import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@storyline/config';
import { ArticleStatus, JobName } from '@storyline/contracts';
import { DatabaseModule } from '@storyline/database';
import { LoggingModule } from '@storyline/observability';
import {
  ArticleFailures,
  ExtractEntities,
  NerModelProvider,
  PipelineQueue,
  StageSweeper,
  StoryEvents,
  SWEEP_TARGET,
} from '@storyline/pipeline';
import { EntitiesController } from './entities.controller';

@Module({})
export class EntitiesModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: EntitiesModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot('entities', config),
        DatabaseModule.forRoot(config, 'entities'),
      ],
      controllers: [EntitiesController],
      providers: [
        PipelineQueue,
        StoryEvents,
        ArticleFailures,
        NerModelProvider,
        ExtractEntities,
        StageSweeper,
        { provide: SWEEP_TARGET, useValue: { status: ArticleStatus.Clustered, job: JobName.ExtractEntities } },
      ],
    };
  }
}
