import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@storyline/config';
import { ArticleStatus, JobName } from '@storyline/contracts';
import { ExtractEntities, NerModelProvider, stageWorkerModule } from '@storyline/pipeline';
import { EntitiesController } from './entities.controller';

@Module({})
export class EntitiesModule {
  static forRoot(config: AppConfig): DynamicModule {
    return stageWorkerModule(EntitiesModule, config, {
      service: 'entities',
      controllers: [EntitiesController],
      providers: [NerModelProvider, ExtractEntities],
      sweep: { status: ArticleStatus.Clustered, job: JobName.ExtractEntities },
    });
  }
}
