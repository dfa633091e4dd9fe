import {
  DynamicModule,
  Inject,
  Injectable,
  INestMicroservice,
  Logger as NestLogger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Provider,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import type { BackoffStrategy } from 'bullmq';
import type { AppConfig } from '@storyline/config';
import { ConnectionsInUse } from '@storyline/database';
import { ShutdownDeadline, startupLogger } from '@storyline/observability';
import { QueueName } from '@storyline/contracts';
import { BullMqExceptionFilter, BullMqServer } from '@storyline/transport';
import { WorkerMetrics } from './worker-metrics';

const METRICS_ADDRESS = Symbol('worker metrics address');

/** Serves the worker's /metrics for the app's lifetime: bound as the app starts (a taken port fails the start). */
@Injectable()
class WorkerMetricsEndpoint implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly metrics: WorkerMetrics,
    @Inject(METRICS_ADDRESS) private readonly address: { port: number; host: string },
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const port = await this.metrics.listen(this.address.port, this.address.host);
    new NestLogger(WorkerMetrics.name).log(`metrics on http://${this.address.host}:${port}/metrics`);
  }

  onApplicationShutdown(): Promise<void> {
    return this.metrics.close();
  }
}

@Module({})
class WorkerRootModule {}

/**
 * A pipeline worker: a Nest microservice consuming its BullMQ queue. Handler errors reach BullMQ untouched
 * (BullMqExceptionFilter), so retries and UnrecoverableError work. SIGTERM stops taking jobs and lets the running
 * ones finish within SHUTDOWN_GRACE_MS; those still running then are put back in their queues and their Postgres
 * sessions ended, so their transactions roll back and free their locks (ShutdownDeadline). With `metricsPort`, it
 * serves its own /metrics (see WorkerMetrics).
 */
export async function createWorkerApp(
  module: DynamicModule,
  config: AppConfig,
  queues: QueueName[],
  options: {
    lockDurationMs?: number;
    stalledIntervalMs?: number;
    concurrency?: number;
    metricsPort?: number;
    /** Computes the retry delay of jobs whose backoff type is the worker's own (fetch jobs: `fetchBackoff`). */
    backoffStrategy?: BackoffStrategy;
  } = {},
): Promise<INestMicroservice> {
  const strategy = new BullMqServer({
    connection: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    queues,
    concurrency: options.concurrency ?? config.WORKER_CONCURRENCY,
    lockDuration: options.lockDurationMs ?? 60_000,
    workerOptions: {
      // How often a worker looks for jobs whose worker died (their lock ran out); BullMQ's default is 30 s.
      ...(options.stalledIntervalMs !== undefined ? { stalledInterval: options.stalledIntervalMs } : {}),
      ...(options.backoffStrategy ? { settings: { backoffStrategy: options.backoffStrategy } } : {}),
    },
  });
  const deadline = new ShutdownDeadline(config.SHUTDOWN_GRACE_MS, async () => {
    let ended = 0;
    const released = await strategy.release(async () => {
      ended = await app.get(ConnectionsInUse, { strict: false }).terminate();
    });
    return `released ${released.length} running job(s) to their queues; ended ${ended} Postgres session(s) in use`;
  });
  const metrics: Provider[] =
    options.metricsPort === undefined
      ? []
      : [
          { provide: WorkerMetrics, useValue: new WorkerMetrics(queues.join('+'), strategy) },
          { provide: METRICS_ADDRESS, useValue: { port: options.metricsPort, host: config.HOST } },
          WorkerMetricsEndpoint,
        ];
  const root: DynamicModule = {
    module: WorkerRootModule,
    imports: [module],
    providers: [{ provide: ShutdownDeadline, useValue: deadline }, ...metrics],
  };
  // The deadline's closure runs at shutdown only, once `app` is set.
  const app = await NestFactory.createMicroservice(root, {
    strategy,
    bufferLogs: true,
    logger: startupLogger(),
    // A failed start rejects (for the entry point to report in one line) instead of exiting from inside Nest.
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  // From here on, log as it happens: otherwise everything stays buffered until listen() has connected, and a
  // worker waiting for an unreachable Redis would say nothing at all.
  app.flushLogs();
  app.useGlobalFilters(new BullMqExceptionFilter());
  app.enableShutdownHooks();
  return app;
}
