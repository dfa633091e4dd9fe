import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@storyline/config';
import { DatabaseModule } from '@storyline/database';
import { AccessModule, HealthModule, MetricsModule } from '@storyline/http';
import { LoggingModule } from '@storyline/observability';
import {
  ArticleReader,
  EntityReader,
  FeedRegistry,
  PipelineMetrics,
  PipelineQueue,
  RequestPathQueue,
  SearchReader,
  StoryEvents,
  StoryReader,
  StoryStreamReader,
  WebhookSubscriptions,
} from '@storyline/pipeline';
import { ArticlesController } from './articles.controller';
import { EntitiesController } from './entities.controller';
import { FeedsController } from './feeds.controller';
import { LiveStreams } from './live-streams';
import { SearchController } from './search.controller';
import { StoriesController } from './stories.controller';
import { StreamController } from './stream.controller';
import { WebhooksController } from './webhooks.controller';

@Module({})
export class QueryModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: QueryModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot('query', config),
        DatabaseModule.forRoot(config, { service: 'query', role: 'http' }),
        HealthModule,
        MetricsModule.forRoot('query'),
        AccessModule.forRoot('query'),
      ],
      controllers: [
        StoriesController,
        SearchController,
        ArticlesController,
        EntitiesController,
        WebhooksController,
        FeedsController,
        StreamController,
      ],
      providers: [
        StoryReader,
        SearchReader,
        StoryStreamReader,
        LiveStreams,
        ArticleReader,
        EntityReader,
        WebhookSubscriptions,
        FeedRegistry,
        StoryEvents,
        PipelineMetrics,
        { provide: PipelineQueue, useClass: RequestPathQueue },
      ],
    };
  }
}
