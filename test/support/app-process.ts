import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { AppConfig } from '@storyline/config';

export type AppName = 'ingest' | 'query' | 'normalize' | 'dedupe' | 'entities' | 'webhooks';

/** How a process ended, and how long after the signal that stopped it. */
export interface AppExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  afterMs: number;
}

/** The log line each app writes once it serves: an HTTP service listens, a worker consumes its queue. */
const READY: Record<AppName, RegExp> = {
  ingest: /"msg":"listening on (http:\/\/[^"]+)"/,
  query: /"msg":"listening on (http:\/\/[^"]+)"/,
  normalize: /"msg":"Consuming /,
  dedupe: /"msg":"Consuming /,
  entities: /"msg":"Consuming /,
  webhooks: /"msg":"Consuming /,
};

/** The test's config as the environment of a process (empty lists and unset values left out). */
function environmentOf(config: AppConfig): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    env[key] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return env;
}

/**
 * A Storyline app run from its own entry point (apps/<name>/src/main.ts, from the TypeScript sources as
 * test/support/ts-register.cjs compiles them) in a process of its own, configured like the test: for tests about
 * what a real process does on a signal. Its logs are kept for the message of a failing test.
 */
export class AppProcess {
  output = '';
  /** An HTTP service's address, once it listens. */
  url = '';
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly name: AppName,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts the app with the test's config (and `overrides`), and resolves once it serves. */
  static async start(name: AppName, config: AppConfig, overrides: Record<string, string> = {}): Promise<AppProcess> {
    const root = join(__dirname, '..', '..');
    const child = spawn(
      process.execPath,
      ['--require', join(__dirname, 'ts-register.cjs'), join(root, 'apps', name, 'src', 'main.ts')],
      {
        cwd: root,
        // The log level must let the readiness line through.
        env: { ...process.env, ...environmentOf(config), LOG_LEVEL: 'info', ...overrides },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const app = new AppProcess(name, child);
    await new Promise<void>((resolve, reject) => {
      const onData = () => {
        const ready = READY[name].exec(app.output);
        if (!ready) return;
        app.url = ready[1] ?? '';
        child.stdout?.off('data', onData);
        resolve();
      };
      child.stdout?.on('data', onData);
      void app.exited.then(({ code, signal }) =>
        reject(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${app.output}`)),
      );
    });
    return app;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Sends `signal` and resolves once the process has ended, with how long that took. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<AppExit> {
    const sent = Date.now();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    const { code, signal: endedBy } = await this.exited;
    return { code, signal: endedBy, afterMs: Date.now() - sent };
  }
}
