// The entry point of a stage worker a test runs as a process of its own, so that it can be killed for real
// (see WorkerProcess). Configured from the environment, as the real entry points are, but with job locks that run
// out within 5 s (renewed every 2.5 s: a busy test host must not make a living worker lose its job) and a stall
// check every second: a killed worker's jobs are seen stalled within seconds.
import 'reflect-metadata';
import type { DynamicModule } from '@nestjs/common';
import { type AppConfig, loadConfig } from '@storyline/config';
import { QueueName } from '@storyline/contracts';
import { createWorkerApp } from '@storyline/pipeline';
import { DedupeModule } from '../../apps/dedupe/src/dedupe.module';
import { EntitiesModule } from '../../apps/entities/src/entities.module';
import { NormalizeModule } from '../../apps/normalize/src/normalize.module';

export const STAGE_WORKERS: Record<string, [(config: AppConfig) => DynamicModule, QueueName]> = {
  normalize: [(config) => NormalizeModule.forRoot(config), QueueName.Normalize],
  dedupe: [(config) => DedupeModule.forRoot(config), QueueName.Dedupe],
  entities: [(config) => EntitiesModule.forRoot(config), QueueName.Entities],
};

async function main(stage: string): Promise<void> {
  const [module, queue] = STAGE_WORKERS[stage];
  const config = loadConfig();
  const app = await createWorkerApp(module(config), config, [queue], { lockDurationMs: 5000, stalledIntervalMs: 1000 });
  await app.listen();
  process.send?.('ready');
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`worker failed to start: ${String(error)}\n`);
  process.exit(1);
});
