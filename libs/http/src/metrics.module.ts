import { DynamicModule, Module } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { HttpMetrics } from './http-metrics';
import { MetricsController } from './metrics.controller';

/**
 * `/metrics` for an HTTP service: the Node process's own metrics (CPU, memory, event-loop lag, GC) and its
 * requests by route and status, labelled with the service, and whatever the app's providers register in the
 * exported Registry. Requests are observed by {@link HttpMetrics}, which createHttpApp puts in front of everything.
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
        HttpMetrics,
      ],
      exports: [Registry, HttpMetrics],
    };
  }
}
