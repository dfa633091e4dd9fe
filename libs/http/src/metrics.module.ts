import { DynamicModule, Module } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { MetricsController } from './metrics.controller';

/**
 * `/metrics` for an HTTP service: the Node process's own metrics (CPU, memory, event-loop lag, GC), labelled
 * with the service, and whatever the app's providers register in the exported Registry.
 */
@Module({})
export class MetricsModule {
  static forRoot(service: string): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [
        {
          provide: Registry,
          useFactory: () => {
            const registry = new Registry();
            registry.setDefaultLabels({ service });
            collectDefaultMetrics({ register: registry, prefix: 'storyline_' });
            return registry;
          },
        },
      ],
      exports: [Registry],
    };
  }
}
