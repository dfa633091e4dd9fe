import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/** After the grace, how long a service has to let go of its work and close before the process ends itself. */
export const SHUTDOWN_EXIT_MARGIN_MS = 1_000;

/** The signals Nest's shutdown hooks turn into a graceful close, and that start the deadline. */
const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/** The apps of this process whose deadline a signal starts (a test process runs several apps). */
const watched = new Set<ShutdownDeadline>();

function onSignal(signal: NodeJS.Signals): void {
  for (const deadline of watched) deadline.start(signal);
}

/**
 * Bounds a service's shutdown. Nest's shutdown hooks turn SIGTERM and SIGINT into a graceful close that waits for
 * the work in progress however long it takes — a job waiting for a lock or for an unreachable Redis, a client
 * sending its body slowly — so a stop could hang until the orchestrator's SIGKILL, with transactions open. From
 * the signal on, the work has `graceMs` to finish; then `letGo` ends what is still running (a worker puts its jobs
 * back in their queues, an HTTP service cuts its connections, and both end the Postgres sessions they still use)
 * so that the close can finish, and a process still alive SHUTDOWN_EXIT_MARGIN_MS later exits with code 1.
 * Closing the app without a signal (tests, tools) waits for the work, as before.
 */
export class ShutdownDeadline implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ShutdownDeadline.name);
  private started = false;

  /** `letGo` resolves with what it did, for the log. */
  constructor(
    private readonly graceMs: number,
    private readonly letGo: () => Promise<string>,
  ) {}

  onApplicationBootstrap(): void {
    if (watched.size === 0) for (const signal of SIGNALS) process.on(signal, onSignal);
    watched.add(this);
  }

  /**
   * Stops listening: once closed, Nest raises the signal again to end the process, which a listener left here
   * would swallow. The timers stay armed, since the shutdown hooks after this one may still hang.
   */
  onApplicationShutdown(): void {
    watched.delete(this);
    if (watched.size === 0) for (const signal of SIGNALS) process.off(signal, onSignal);
  }

  /** Arms the deadline; called for the first signal. Unref'd: a process that has closed exits without waiting. */
  start(signal: NodeJS.Signals): void {
    if (this.started) return;
    this.started = true;
    setTimeout(() => void this.expire(signal), this.graceMs).unref();
    setTimeout(() => {
      this.logger.error(
        `still not closed ${this.graceMs + SHUTDOWN_EXIT_MARGIN_MS} ms after ${signal}: exiting without waiting further`,
      );
      process.exit(1);
    }, this.graceMs + SHUTDOWN_EXIT_MARGIN_MS).unref();
  }

  private async expire(signal: NodeJS.Signals): Promise<void> {
    this.logger.warn(`still closing ${this.graceMs} ms after ${signal} (SHUTDOWN_GRACE_MS): letting go of the work`);
    try {
      this.logger.warn(await this.letGo());
    } catch (error) {
      this.logger.error(`letting go of the work failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
