import { BenchReceiver } from '../bench/pipeline/receiver';
import { BenchStack } from '../bench/pipeline/stack';
import { Exit } from '../start/supervisor';
import { DisruptionKind, planDisruption, PlannedDisruption } from './disruption-plan';
import { OwnRedisServer } from './redis-server';

/** What the disruptions act on. */
export interface DisruptionTargets {
  stack: BenchStack;
  redis: OwnRedisServer;
  receiver: BenchReceiver;
  /** pg_terminate_backend on the stack's connections; resolves with how many were ended. */
  terminateBackends(): Promise<number>;
}

/** One disruption as it happened; `at` is seconds since the run started. */
export interface DisruptionRecord {
  at: number;
  kind: DisruptionKind;
  target?: string;
  /** False when the worker was not running (still restarting after an earlier kill): nothing was sent. */
  done: boolean;
  /** SIGTERM: ms until the worker exited; null: it had not within the grace period and was SIGKILLed. */
  stoppedAfterMs?: number | null;
  /** How the process ended (SIGTERM: exit code 0, or killed by the signal re-raised). */
  exit?: string;
  backends?: number;
  forMs?: number;
  failure?: string;
  /** Receiver: calls refused while it failed. */
  refused?: number;
}

/** An app that exited although nothing here signalled it. */
export interface UnexpectedExit {
  at: number;
  app: string;
  exit: string;
}

/** What #24 asks of a SIGTERMed worker: to stop within 10 s. Past it, the worker is SIGKILLed as compose would. */
export const SIGTERM_GRACE_MS = 10_000;

export const describeExit = (exit: Exit): string =>
  exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code ?? '?'}`;

/**
 * Disrupts a running stack at random times until stopped: a worker SIGKILLed or SIGTERMed (the stack's restart
 * policy starts it again), Redis killed and started again empty, the stack's Postgres connections terminated, the
 * webhook receiver failing for a while. Disruptions follow each other; a SIGTERMed worker's exit and a receiver's
 * failing spell run on while the next one is drawn.
 */
export class Disrupter {
  readonly records: DisruptionRecord[] = [];
  readonly unexpectedExits: UnexpectedExit[] = [];
  private readonly stopping = new AbortController();
  private readonly pending = new Set<Promise<void>>();
  /** Workers signalled here whose exit is awaited, with what to do on it. */
  private readonly signalled = new Map<string, (exit: Exit) => void>();
  private loop?: Promise<void>;

  constructor(
    private readonly targets: DisruptionTargets,
    private readonly random: () => number,
    private readonly meanMs: number,
    private readonly startedAt: number,
    private readonly log: (line: string) => void,
  ) {}

  /** The stack's RestartPolicy.onExit: every exit of an app before the stack is stopped. */
  exited(app: string, exit: Exit): void {
    const awaited = this.signalled.get(app);
    if (awaited) {
      this.signalled.delete(app);
      awaited(exit);
      return;
    }
    this.unexpectedExits.push({ at: this.sinceStart(), app, exit: describeExit(exit) });
    this.log(`!!! ${app} exited on its own (${describeExit(exit)})`);
  }

  start(): void {
    this.loop = this.run();
  }

  /** Stops drawing disruptions, ends a receiver failure early and waits for a SIGTERMed worker's exit. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    await Promise.all(this.pending);
    this.targets.receiver.failing = null;
  }

  private async run(): Promise<void> {
    const workers = this.targets.stack.workerNames();
    while (!this.stopping.signal.aborted) {
      const plan = planDisruption(this.random, this.meanMs, workers);
      await this.sleep(plan.afterMs);
      if (this.stopping.signal.aborted) break;
      try {
        await this.disrupt(plan);
      } catch (error) {
        this.log(`${plan.kind} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private async disrupt(plan: PlannedDisruption): Promise<void> {
    const record: DisruptionRecord = { at: this.sinceStart(), kind: plan.kind, done: true };
    this.records.push(record);
    switch (plan.kind) {
      case 'worker-sigkill':
      case 'worker-sigterm':
        return this.signalWorker(plan.worker!, plan.kind === 'worker-sigkill' ? 'SIGKILL' : 'SIGTERM', record);
      case 'redis-restart':
        record.forMs = plan.forMs;
        this.log(`Redis: killed, back empty in ${plan.forMs} ms`);
        await this.targets.redis.kill();
        // Not cut short by stop(): Redis always comes back.
        await new Promise((r) => setTimeout(r, plan.forMs));
        await this.targets.redis.start();
        return;
      case 'postgres-terminate':
        record.backends = await this.targets.terminateBackends();
        this.log(`Postgres: terminated ${record.backends} of the stack's connections`);
        return;
      case 'receiver-failure':
        return this.failReceiver(plan, record);
    }
  }

  private signalWorker(worker: string, signal: 'SIGKILL' | 'SIGTERM', record: DisruptionRecord): void {
    record.target = worker;
    if (this.signalled.has(worker)) {
      record.done = false;
      return;
    }
    const sentAt = Date.now();
    const exited = new Promise<Exit>((resolve) => this.signalled.set(worker, resolve));
    if (!this.targets.stack.signal(worker, signal)) {
      this.signalled.delete(worker);
      record.done = false;
      return;
    }
    this.log(`${worker}: ${signal}`);
    if (signal === 'SIGKILL') {
      this.track(exited.then((exit) => void (record.exit = describeExit(exit))));
      return;
    }
    this.track(
      (async () => {
        let timer: NodeJS.Timeout | undefined;
        const graceOver = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), SIGTERM_GRACE_MS)));
        const exit = await Promise.race([exited, graceOver]);
        clearTimeout(timer);
        if (exit) {
          record.stoppedAfterMs = Date.now() - sentAt;
          record.exit = describeExit(exit);
          return;
        }
        record.stoppedAfterMs = null;
        this.log(`!!! ${worker} still running ${SIGTERM_GRACE_MS / 1000} s after SIGTERM; SIGKILL`);
        this.targets.stack.signal(worker, 'SIGKILL');
        record.exit = describeExit(await exited);
      })(),
    );
  }

  private failReceiver(plan: PlannedDisruption, record: DisruptionRecord): void {
    const receiver = this.targets.receiver;
    if (receiver.failing) {
      record.done = false;
      return;
    }
    record.forMs = plan.forMs;
    record.failure = plan.failure;
    receiver.failing = plan.failure!;
    const refusedBefore = receiver.refused;
    this.log(`receiver: ${plan.failure} for ${plan.forMs} ms`);
    this.track(
      this.sleep(plan.forMs!).then(() => {
        receiver.failing = null;
        record.refused = receiver.refused - refusedBefore;
      }),
    );
  }

  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  /** Sleeps, or less once stop() was called. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const signal = this.stopping.signal;
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
  }

  private sinceStart(): number {
    return Math.round((Date.now() - this.startedAt) / 100) / 10;
  }
}
