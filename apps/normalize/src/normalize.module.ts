import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@storyline/config';
import { ArticleStatus, JobName } from '@storyline/contracts';
import { NormalizeArticle, stageWorkerModule } from '@storyline/pipeline';
import { NormalizeController } from './normalize.controller';

@Module({})
export class NormalizeModule {
  static forRoot(config: AppConfig): DynamicModule {
    return stageWorkerModule(NormalizeModule, config, {
      service: 'normalize',
      controllers: [NormalizeController],
      providers: [NormalizeArticle],
      sweep: { status: ArticleStatus.Received, job: JobName.NormalizeArticle },
    });
  }
}
