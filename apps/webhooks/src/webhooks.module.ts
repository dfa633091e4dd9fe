import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@storyline/config';
import { DatabaseModule } from '@storyline/database';
import { LoggingModule } from '@storyline/observability';
import { OutboxPoller, OutboxRelay, PipelineQueue, WebhookDeliveries } from '@storyline/pipeline';
import { WebhooksController } from './webhooks.controller';

@Module({})
export class WebhooksModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WebhooksModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot('webhooks', config),
        DatabaseModule.forRoot(config, {
          service: 'webhooks',
          role: 'worker',
          poolSize: config.WEBHOOK_CONCURRENCY + 4,
        }),
      ],
      controllers: [WebhooksController],
      providers: [PipelineQueue, OutboxRelay, OutboxPoller, WebhookDeliveries],
    };
  }
}
