import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@storyline/config';
import { ArticleStatus, JobName } from '@storyline/contracts';
import { DedupeArticle, stageWorkerModule, StoryReadCache, StreamTermCounts } from '@storyline/pipeline';
import { DedupeController } from './dedupe.controller';

@Module({})
export class DedupeModule {
  static forRoot(config: AppConfig): DynamicModule {
    return stageWorkerModule(DedupeModule, config, {
      service: 'dedupe',
      controllers: [DedupeController],
      providers: [DedupeArticle, StreamTermCounts, StoryReadCache],
      sweep: { status: ArticleStatus.Normalized, job: JobName.DedupeArticle },
    });
  }
}
