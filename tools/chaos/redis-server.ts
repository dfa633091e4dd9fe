import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';

const READY_TIMEOUT_MS = 10_000;

/**
 * A `redis-server` of the chaos test's own, on a port of its range, without persistence: killing it and starting it
 * again on the same port is Redis coming back empty, and it touches no other stack's queues on the machine.
 */
export class OwnRedisServer {
  private server?: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'storyline-chaos-redis-'));

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.server?.pid;
  }

  async start(): Promise<void> {
    const server = spawn(
      'redis-server',
      [
        ...['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir],
        ...['--logfile', join(this.dir, 'redis.log'), '--save', '', '--appendonly', 'no'],
        // BullMQ's keys must never be evicted (docs/operations.md).
        ...['--maxmemory-policy', 'noeviction', '--daemonize', 'no'],
      ],
      { stdio: 'ignore' },
    );
    this.server = server;
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (server.exitCode !== null || server.signalCode !== null) {
        throw new Error(`redis-server exited at start-up (${server.exitCode ?? server.signalCode}): ${this.logTail()}`);
      }
      if (await this.ping()) return;
      if (Date.now() > deadline) throw new Error(`redis-server on ${this.port} did not answer: ${this.logTail()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGKILL, as a crash or an OOM kill would: everything in it is gone. */
  async kill(): Promise<void> {
    const server = this.server;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      server.once('exit', () => resolve());
      server.kill('SIGKILL');
    });
  }

  /** Kills the server and removes its directory (unless kept, for its log). */
  async stop(keep: boolean): Promise<void> {
    await this.kill();
    if (!keep) rmSync(this.dir, { recursive: true, force: true });
  }

  private async ping(): Promise<boolean> {
    const redis = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      return (await redis.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      redis.disconnect();
    }
  }

  private logTail(): string {
    try {
      return readFileSync(join(this.dir, 'redis.log'), 'utf8').trim().split('\n').slice(-5).join(' | ');
    } catch {
      return '(no log)';
    }
  }
}
