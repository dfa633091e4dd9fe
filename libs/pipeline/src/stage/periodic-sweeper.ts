import { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';

/**
 * When a sweeper runs, shared by all of them: at start-up, then every interval, one sweep at a time. Not only an
 * interval after start: a worker restarted more often than that (a crash loop; `npm run chaos` killing it) would
 * never sweep, and an article whose job Redis lost would wait for as long as the restarts go on. A shutdown lets the
 * sweep in progress end (`stopping` tells it to stop between pages) and waits for it.
 */
export abstract class PeriodicSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  protected stopping = false;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  protected constructor(
    private readonly intervalMs: number,
    protected readonly logger: PinoLogger,
  ) {}

  /** Re-queues what has waited too long; resolves with how many. */
  abstract sweep(): Promise<number>;

  onApplicationBootstrap(): void {
    this.sweepInBackground();
    this.timer = setInterval(() => this.sweepInBackground(), this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
  }

  private sweepInBackground(): void {
    this.running ??= this.sweep()
      .then(() => undefined)
      .catch((error) => this.logger.warn({ err: error }, 'sweep failed; next interval retries'))
      .finally(() => (this.running = undefined));
  }
}
