import { DynamicModule, INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@storyline/config';
import { startupLogger } from '@storyline/observability';
import { QueueName } from '@storyline/contracts';
import { BullMqExceptionFilter, BullMqServer } from '@storyline/transport';

/**
 * A pipeline worker: a Nest microservice consuming its BullMQ queue. Handler errors reach BullMQ untouched
 * (BullMqExceptionFilter), so retries and UnrecoverableError work; SIGTERM drains running jobs first.
 */
export async function createWorkerApp(
  module: DynamicModule,
  config: AppConfig,
  queues: QueueName[],
  options: { lockDurationMs?: number; concurrency?: number } = {},
): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice(module, {
    strategy: new BullMqServer({
      connection: config.REDIS_URL,
      prefix: config.QUEUE_PREFIX,
      queues,
      concurrency: options.concurrency ?? config.WORKER_CONCURRENCY,
      lockDuration: options.lockDurationMs ?? 60_000,
    }),
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
