import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { AppConfig } from '@storyline/config';

/** The variables a worker process gets from the test's config (the rest keep their defaults). */
const PASSED: (keyof AppConfig)[] = [
  'DATABASE_URL',
  'REDIS_URL',
  'QUEUE_PREFIX',
  'LOG_LEVEL',
  'WORKER_CONCURRENCY',
  'STAGE_BATCH_SIZE',
  'STAGE_BATCH_WINDOW_MS',
  'JOB_ATTEMPTS',
  'JOB_BACKOFF_MS',
  'SWEEP_INTERVAL_MS',
];

/**
 * A stage worker in a process of its own (test/support/worker-main.ts, run from the TypeScript sources), for tests
 * where the point is a process dying: `kill()` sends a real SIGKILL.
 */
export class WorkerProcess {
  /** Everything the process wrote, for the message of a failing test. */
  output = '';
  private readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** Starts the worker of `stage` and resolves once it consumes its queue. */
  static async start(stage: 'normalize' | 'dedupe' | 'entities', config: AppConfig): Promise<WorkerProcess> {
    const root = join(__dirname, '..', '..');
    const env = { ...process.env, ...Object.fromEntries(PASSED.map((key) => [key, String(config[key])])) };
    const child = spawn(
      process.execPath,
      ['--require', join(root, 'test', 'support', 'ts-register.cjs'), join(__dirname, 'worker-main.ts'), stage],
      { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
    );
    const worker = new WorkerProcess(child);
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) =>
        reject(new Error(`${stage} worker exited (${code}) before it was ready:\n${worker.output}`)),
      );
    });
    return worker;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Sends `signal` (SIGKILL: no shutdown hook runs, the job locks are left to run out) and waits for the exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await this.exited;
  }
}
