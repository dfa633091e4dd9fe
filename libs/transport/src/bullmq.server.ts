import { Logger, type LoggerService } from '@nestjs/common';
import { RepeatedErrorLog } from './repeated-error-log';
import { type CustomTransportStrategy, type MessageHandler, Server, Transport } from '@nestjs/microservices';
import { type Job, WaitingError, Worker, type WorkerListener, type WorkerOptions } from 'bullmq';
import { isObservable, lastValueFrom } from 'rxjs';
import { BULLMQ_TRANSPORT, type FailedJob, JOB_FAILED_PATTERN } from './bullmq.constants';
import { BullMqContext } from './bullmq.context';
import { assertValidQueueName } from './job-id';
import { describeError, isFinalFailure, toJobError } from './job-error';
import { closeConnection, openConnection, type RedisClient, type RedisConnectionInput } from './redis-connection';

/** How often a worker waiting for an unreachable Redis at start-up says so. */
const READY_WAIT_LOG_MS = 10_000;

/** How long `release()` waits for Redis to take one job back before leaving it to the lock's expiry. */
const RELEASE_TIMEOUT_MS = 500;

/** A job this server is running, and how to stop waiting for it (see `release()`). */
interface RunningJob {
  job: Job;
  token: string;
  released: boolean;
  /** Settles the job's processing at once with a WaitingError: BullMQ then leaves the job alone. */
  letGo: (error: WaitingError) => void;
}

export interface BullMqServerOptions {
  /**
   * Redis URL (a `redis+cluster://` URL for a Redis Cluster), ioredis options, or a live ioredis client (then
   * the caller keeps ownership of it). On a cluster, `prefix` must be a hash tag such as `{storyline}`.
   */
  connection: RedisConnectionInput;
  /** Key prefix shared with the producers (`QUEUE_PREFIX`); queues under another prefix are invisible. */
  prefix: string;
  /** Queues this process consumes; one BullMQ Worker each. */
  queues: string[];
  /** Jobs processed at once per queue (in this process). */
  concurrency: number;
  /**
   * How long a job's lock lives before BullMQ considers the job stalled and hands it to another worker
   * (default 30 s). BullMQ renews the lock every lockDuration/2 while the job runs, but only if the event
   * loop is free: keep this above the longest stretch of synchronous CPU work a handler does.
   */
  lockDuration?: number;
  logger?: LoggerService;
  /** Escape hatch for other Worker settings (stalledInterval, limiter, …); our own fields win. */
  workerOptions?: Partial<Omit<WorkerOptions, 'connection' | 'prefix' | 'concurrency' | 'autorun'>>;
}

/** Events `server.on()` / `app.on()` can subscribe to; they are forwarded to every queue's Worker. */
export type BullMqServerEvents = { [K in keyof WorkerListener]: WorkerListener[K] };

/**
 * Nest microservice transport that consumes BullMQ queues.
 *
 * The job name is the event pattern: a job named `article.normalize` is handled by
 * `@EventPattern('article.normalize')`, called as `(job.data, BullMqContext)`. The job completes when the
 * handler's Promise/Observable completes and fails — so BullMQ retries it with the job's attempts and
 * backoff — when it throws. Nothing is swallowed: that is the whole point of using a queue.
 *
 * Horizontal scaling is BullMQ's job lock: any number of processes may consume the same queue and a job
 * is given to one of them at a time. Delivery is at-least-once (a job whose worker died or stalled past
 * lockDuration runs again), so handlers must be idempotent — write results keyed by the work's id.
 *
 * A job that stalls more than `maxStalledCount` times (BullMQ's default: 1, so the second worker that dies holding
 * it is the last) is failed by BullMQ without running its handler again. A handler for
 * `@EventPattern(JOB_FAILED_PATTERN)` hears of every job that failed for good, those included.
 */
export class BullMqServer extends Server<BullMqServerEvents> implements CustomTransportStrategy {
  override transportId: Transport | symbol = BULLMQ_TRANSPORT;
  protected override readonly logger: LoggerService;
  private readonly errors: RepeatedErrorLog;

  private readonly workers = new Map<string, Worker>();
  private readonly listeners: Array<[string, (...args: any[]) => void]> = [];
  /** Running JOB_FAILED_PATTERN handlers: close() waits for them, so a failure is recorded before the app stops. */
  private readonly failureHandlers = new Set<Promise<void>>();
  private readonly running = new Set<RunningJob>();
  private redis?: RedisClient;
  private ownsRedis = false;
  private closing?: Promise<void>;

  constructor(private readonly options: BullMqServerOptions) {
    super();
    if (options.queues.length === 0) throw new Error('BullMqServer needs at least one queue to consume');
    options.queues.forEach(assertValidQueueName);
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new Error(`BullMqServer concurrency must be a positive integer, got ${options.concurrency}`);
    }
    this.logger = options.logger ?? new Logger(BullMqServer.name);
    this.errors = new RepeatedErrorLog((message) => this.logger.error(message));
  }

  /** Called by `app.listen()` once every handler is registered: start one Worker per queue. */
  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  private async start(): Promise<void> {
    try {
      await this.startWorkers();
    } catch (error) {
      // Don't leave half-started Workers polling (or a connection reconnecting) behind a failed listen().
      await this.close();
      throw error;
    }
  }

  private async startWorkers(): Promise<void> {
    if (this.messageHandlers.size === 0) {
      // Every job would fail with "no handler": almost certainly a controller missing from the module.
      this.logger.warn(`No @EventPattern handlers registered; jobs on ${this.options.queues.join(', ')} will fail`);
    }
    const { redis, owned } = openConnection(this.options.connection);
    this.redis = redis;
    this.ownsRedis = owned;
    for (const queue of this.options.queues) {
      const worker = new Worker(queue, (job, token) => this.process(job, token), {
        ...this.options.workerOptions,
        // One shared connection for commands; each Worker duplicates it for its blocking BZPOPMIN.
        connection: redis,
        prefix: this.options.prefix,
        concurrency: this.options.concurrency,
        ...(this.options.lockDuration !== undefined ? { lockDuration: this.options.lockDuration } : {}),
        // Started below, after the listeners are attached, so no early event is lost.
        autorun: false,
      });
      this.attachLogging(worker);
      for (const [event, callback] of this.listeners) worker.on(event as keyof WorkerListener, callback);
      this.workers.set(queue, worker);
    }
    // Fail `app.listen()` with the real reason (bad password, wrong db…) instead of starting a dead worker. An
    // unreachable server is waited for (BullMQ keeps reconnecting): say so, or the process just looks hung.
    let lastError = '';
    const noteError = (error: Error) => (lastError = error.message);
    redis.on('error', noteError);
    const waiting = setInterval(
      () =>
        this.logger.warn(
          `Still waiting for Redis${lastError ? ` (${lastError})` : ''}; consuming starts once it answers`,
        ),
      READY_WAIT_LOG_MS,
    );
    try {
      await Promise.all([...this.workers.values()].map((worker) => worker.waitUntilReady()));
    } finally {
      clearInterval(waiting);
      redis.off('error', noteError);
    }
    for (const [queue, worker] of this.workers) {
      worker
        .run()
        .catch((error: unknown) => this.logger.error(`Worker for queue "${queue}" stopped: ${describeError(error)}`));
    }
    this._status$.next('connected');
    this.logger.log(
      `Consuming ${this.options.queues.join(', ')} (prefix "${this.options.prefix}", concurrency ${this.options.concurrency})`,
    );
  }

  /** Runs one job through its handler; the returned promise decides the job's fate in BullMQ. */
  private async process(job: Job, token: string | undefined): Promise<unknown> {
    const handler = this.getHandlerByPattern(job.name);
    if (!handler) {
      // A plain (retryable) error rather than UnrecoverableError: during a rolling deploy an old worker can
      // receive a job name only the new version knows, and a retry gives a new worker the chance to take it.
      throw new Error(
        `No @EventPattern('${job.name}') handler in this worker for job ${job.id} on queue "${job.queueName}"`,
      );
    }
    const context = new BullMqContext([job, token]);
    let letGo!: RunningJob['letGo'];
    const released = new Promise<never>((_, reject) => (letGo = reject));
    const running: RunningJob = { job, token: token ?? '', released: false, letGo };
    this.running.add(running);
    try {
      const result = await Promise.race([this.runHandler(handler, job, job.data, context), released]);
      // Released while its handler was finishing: the job is back in its queue, and no longer this worker's to end.
      if (running.released) throw new WaitingError();
      return result;
    } catch (error) {
      if (running.released) throw new WaitingError();
      throw error;
    } finally {
      this.running.delete(running);
    }
  }

  /**
   * For a shutdown that cannot wait any longer: puts every job this server is running back at the head of its queue
   * (no attempt is counted; another worker takes it at once), runs `endWork`, then stops waiting for the jobs, so a
   * pending `close()` can end. Their handlers are not stopped: `endWork` is where the caller ends whatever they
   * still hold (a worker ends its Postgres sessions, so an unfinished transaction rolls back and frees its locks) —
   * before close() returns, since the process may exit as soon as it has. Their outcome is ignored: the job runs
   * again from the start, which idempotent handlers allow. A job Redis does not take back within half a second (Redis
   * unreachable) keeps its lock until it runs out and is then taken as stalled. Resolves with the released jobs' ids.
   */
  async release(endWork: () => Promise<void>): Promise<string[]> {
    const jobs = [...this.running].filter((running) => !running.released);
    for (const running of jobs) running.released = true;
    const returned = await Promise.all(jobs.map(({ job, token }) => this.putBack(job, token)));
    const ids = jobs.map(({ job }) => String(job.id));
    const kept = ids.filter((_, i) => !returned[i]);
    if (ids.length) {
      this.logger.warn(
        `Released ${ids.length} running job(s) back to their queues: ${ids.join(', ')}` +
          (kept.length ? `; not taken back by Redis (retried once their locks run out): ${kept.join(', ')}` : ''),
      );
    }
    try {
      await endWork();
    } finally {
      for (const running of jobs) running.letGo(new WaitingError());
    }
    return ids;
  }

  /** Moves a running job back to wait; false if Redis did not do it within RELEASE_TIMEOUT_MS. */
  private async putBack(job: Job, token: string): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), RELEASE_TIMEOUT_MS)));
    try {
      return await Promise.race([job.moveToWait(token).then(() => true), timeout]);
    } catch (error) {
      this.logger.warn(`Job ${job.id} (${job.name}) could not be put back: ${describeError(error)}`);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Calls the JOB_FAILED_PATTERN handler, if any, for a job that failed for good. BullMQ has already moved the job
   * to failed; what the handler does cannot change that, so its errors are logged, not thrown.
   */
  private reportFailure(job: Job, error: Error): void {
    const handler = this.getHandlerByPattern(JOB_FAILED_PATTERN);
    if (!handler) return;
    const failed: FailedJob = {
      queue: job.queueName,
      name: job.name,
      id: job.id,
      data: job.data,
      error: error.message,
      attemptsMade: job.attemptsMade,
    };
    const running = this.runHandler(handler, job, failed, new BullMqContext([job, undefined])).then(
      () => undefined,
      (handlerError: unknown) =>
        this.logger.error(`Handling the failure of job ${job.id} (${job.name}) failed: ${describeError(handlerError)}`),
    );
    this.failureHandlers.add(running);
    void running.finally(() => this.failureHandlers.delete(running));
  }

  /**
   * Calls the handler inside Nest's processing hooks (used by instrumentation) and waits for its result:
   * a value, a Promise, or an Observable — whose last value is the result. Nest's own `handleEvent` fires
   * Observables and forgets them; a queue needs to know when the work is really done.
   */
  private runHandler(handler: MessageHandler, job: Job, data: unknown, context: BullMqContext): Promise<unknown> {
    const transportId = this.transportId ?? BULLMQ_TRANSPORT;
    return new Promise((resolve, reject) => {
      const done = async (): Promise<void> => {
        try {
          const result: unknown = await handler(data, context);
          resolve(isObservable(result) ? await lastValueFrom(result, { defaultValue: undefined }) : result);
        } catch (error) {
          reject(toJobError(error, job));
        } finally {
          this.onProcessingEndHook?.(transportId, context);
        }
      };
      try {
        this.onProcessingStartHook(transportId, context, done);
      } catch (error) {
        reject(toJobError(error, job));
      }
    });
  }

  private attachLogging(worker: Worker): void {
    // A Worker is an EventEmitter: an 'error' without a listener would crash the process.
    worker.on('error', (error) => this.errors.error(`Queue "${worker.name}": ${describeError(error)}`));
    worker.on('failed', (job, error) => {
      if (!job) return;
      const attempts = job.opts.attempts ?? 1;
      const final = isFinalFailure(job, error);
      const where = `job ${job.id} (${job.name}) on "${job.queueName}", attempt ${job.attemptsMade}/${attempts}`;
      if (final) {
        this.logger.error(`Failed for good: ${where}: ${error.message}`);
        this.reportFailure(job, error);
      } else {
        this.logger.warn(`Failed, will retry: ${where}: ${error.message}`);
      }
    });
  }

  /** Subscribes to Worker events (completed, failed, error, …) on every consumed queue. */
  on<
    EventKey extends keyof BullMqServerEvents = keyof BullMqServerEvents,
    EventCallback extends BullMqServerEvents[EventKey] = BullMqServerEvents[EventKey],
  >(event: EventKey, callback: EventCallback): void {
    const listener = callback as unknown as (...args: any[]) => void;
    this.listeners.push([event, listener]);
    for (const worker of this.workers.values()) worker.on(event, listener);
  }

  /** The Workers, keyed by queue name (empty before `listen`). */
  unwrap<T = Map<string, Worker>>(): T {
    return this.workers as T;
  }

  /**
   * Graceful stop: each Worker stops taking jobs, waits for its active ones to finish (so nothing is left
   * half-done holding a lock until it stalls), then the failures they ended in are handled, then the connections
   * close. Idempotent, because Nest can call it twice (`app.close()` and the dispose step of the shutdown hooks).
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.workers.values()].map((worker) => worker.close()));
      await Promise.all(this.failureHandlers);
      if (this.redis && this.ownsRedis) await closeConnection(this.redis);
      this._status$.next('disconnected');
    })();
    return this.closing;
  }
}
