import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from '../../eval/paths';
import { ChildSpec, cpuProfileArgs, RestartPolicy, Supervisor } from '../../start/supervisor';
import { freePorts, PortRange } from './ports';

export const WORKERS = ['normalize', 'dedupe', 'entities', 'webhooks'] as const;
export type WorkerName = (typeof WORKERS)[number];

export interface StackSettings {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  workers: number;
  ports: PortRange;
  /** Variables over the defaults below, for every app (e.g. a shorter SWEEP_INTERVAL_MS). */
  env?: NodeJS.ProcessEnv;
  /** Start an app that exits on its own again instead of stopping the stack (the chaos test kills them). */
  restart?: RestartPolicy;
  /** Where each app writes a V8 CPU profile when it stops; none when unset. */
  cpuProfileDir?: string;
}

/** A running stack: where to reach it, and its processes. */
export interface StackEndpoints {
  ingestUrl: string;
  queryUrl: string;
  /** /metrics of every worker copy, by worker. */
  metrics: Record<WorkerName, string[]>;
}

const STOP_TIMEOUT_MS = 20_000;
const READY_TIMEOUT_MS = 60_000;

/**
 * The stack as `npm start` runs it (the same supervisor: migrate first, then each app as its own process), with
 * `workers` copies of each worker, each copy serving its own /metrics. tools/start runs one copy of each, so the
 * copies are started here the way `npm start -- --only …` in a second terminal would add them.
 */
export class BenchStack {
  private supervisor?: Supervisor;
  private stopping = false;
  /** Rejects if the apps end before stop() (one died, and the supervisor stopped the rest); never settles otherwise. */
  private death: Promise<never> = new Promise<never>(() => undefined);

  constructor(private readonly settings: StackSettings) {}

  async start(): Promise<StackEndpoints> {
    const root = repoRoot();
    const [ingestPort, queryPort, ...metricsPorts] = await freePorts(
      2 + WORKERS.length * this.settings.workers,
      this.settings.ports,
    );
    const env = this.baseEnv(ingestPort, queryPort);
    const metrics = Object.fromEntries(WORKERS.map((w) => [w, [] as string[]])) as Record<WorkerName, string[]>;
    const apps: ChildSpec[] = [
      { name: 'ingest', script: 'dist/apps/ingest/src/main.js' },
      { name: 'query', script: 'dist/apps/query/src/main.js' },
    ];
    for (const worker of WORKERS) {
      for (let copy = 1; copy <= this.settings.workers; copy++) {
        const port = metricsPorts.shift()!;
        metrics[worker].push(`http://127.0.0.1:${port}/metrics`);
        apps.push({
          name: this.copyName(worker, copy),
          script: `dist/apps/${worker}/src/main.js`,
          env: { [`${worker.toUpperCase()}_METRICS_PORT`]: String(port) },
        });
      }
    }
    const profiles = this.settings.cpuProfileDir;
    if (profiles) for (const app of apps) app.nodeArgs = cpuProfileArgs(resolve(profiles), app.name);
    const migrate: ChildSpec = { name: 'migrate', script: 'dist/tools/db/migrate.js' };
    const missing = [migrate, ...apps].filter((spec) => !existsSync(resolve(root, spec.script)));
    if (missing.length) throw new Error(`not built: ${missing.map((s) => s.script).join(', ')} (npm run build)`);

    this.supervisor = new Supervisor(
      root,
      [migrate.name, ...apps.map((a) => a.name)],
      STOP_TIMEOUT_MS,
      env,
      this.settings.restart,
    );
    const migrated = await this.supervisor.runOnce(migrate);
    if (migrated !== 0) throw new Error(`migrate failed (exit code ${migrated})`);
    this.supervisor.startAll(apps);
    this.death = this.supervisor.finished().then((code) => {
      if (this.stopping) return new Promise<never>(() => undefined);
      throw new Error(`the stack stopped on its own (exit code ${code}); see the app logs above`);
    });
    // Marked handled here: callers race it only while they wait, and a death after they stopped waiting still fails
    // the run through the next wait (or is moot once stop() was called).
    this.death.catch(() => undefined);
    const endpoints = {
      ingestUrl: `http://127.0.0.1:${ingestPort}`,
      queryUrl: `http://127.0.0.1:${queryPort}`,
      metrics,
    };
    await this.waitReady([
      `${endpoints.ingestUrl}/health/ready`,
      `${endpoints.queryUrl}/health/ready`,
      ...Object.values(metrics).flat(),
    ]);
    return endpoints;
  }

  /** The apps' pids by name (`dedupe-2`), for sampling /proc. */
  processes(): { name: string; pid: number }[] {
    return this.supervisor?.pids().filter((p) => p.name !== 'migrate') ?? [];
  }

  /** The worker processes' names (`dedupe`, or `dedupe-2` with several copies), running or not. */
  workerNames(): string[] {
    const copies = Array.from({ length: this.settings.workers }, (_, i) => i + 1);
    return WORKERS.flatMap((worker) => copies.map((copy) => this.copyName(worker, copy)));
  }

  private copyName(worker: WorkerName, copy: number): string {
    return this.settings.workers > 1 ? `${worker}-${copy}` : worker;
  }

  /** Sends a signal to one app; false when it is not running (e.g. between a kill and its restart). */
  signal(name: string, signal: NodeJS.Signals): boolean {
    return this.supervisor?.signal(name, signal) ?? false;
  }

  /** Rejects if the stack ends on its own (an app died: the supervisor then stops the rest). */
  died(): Promise<never> {
    return this.death;
  }

  /** SIGTERM to every app, SIGKILL after the stop timeout; resolves once all have exited. */
  async stop(): Promise<void> {
    if (!this.supervisor) return;
    this.stopping = true;
    this.supervisor.stopAll('benchmark finished');
    await this.supervisor.finished();
  }

  /** What every app is started with: this stack's database, prefix and ports, quiet logs, a receiver on localhost. */
  private baseEnv(ingestPort: number, queryPort: number): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: this.settings.databaseUrl,
      REDIS_URL: this.settings.redisUrl,
      QUEUE_PREFIX: this.settings.queuePrefix,
      HOST: '127.0.0.1',
      INGEST_PORT: String(ingestPort),
      QUERY_PORT: String(queryPort),
      QUERY_PUBLIC_URL: `http://127.0.0.1:${queryPort}`,
      LOG_LEVEL: 'warn',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      ...this.settings.env,
    };
    // Only the copy a port was chosen for may serve it; one from the caller's shell would clash between copies.
    for (const worker of WORKERS) delete env[`${worker.toUpperCase()}_METRICS_PORT`];
    delete env.API_KEYS;
    return env;
  }

  private async waitReady(urls: string[]): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (const url of urls) {
      for (;;) {
        const ok = await fetch(url).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        if (Date.now() > deadline) throw new Error(`${url} did not answer within ${READY_TIMEOUT_MS / 1000} s`);
        await Promise.race([new Promise((r) => setTimeout(r, 250)), this.died()]);
      }
    }
  }
}
