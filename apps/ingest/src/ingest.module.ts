import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@storyline/config';
import { DatabaseModule } from '@storyline/database';
import { AccessModule, HealthModule, MetricsModule } from '@storyline/http';
import { LoggingModule } from '@storyline/observability';
import { ArticleIntake, PipelineQueue, RequestPathQueue, UrlIntake } from '@storyline/pipeline';
import { ArticlesController } from './articles.controller';
import { IngestLinks } from './ingest-links';

@Module({})
export class IngestModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: IngestModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot('ingest', config),
        DatabaseModule.forRoot(config, { service: 'ingest', role: 'http' }),
        HealthModule,
        MetricsModule.forRoot('ingest'),
        AccessModule.forRoot('ingest'),
      ],
      controllers: [ArticlesController],
      providers: [ArticleIntake, UrlIntake, { provide: PipelineQueue, useClass: RequestPathQueue }, IngestLinks],
    };
  }
}
