import { Logger, type LoggerService, type OnApplicationShutdown } from '@nestjs/common';
import { RepeatedErrorLog } from './repeated-error-log';
import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { type Job, type JobsOptions, Queue } from 'bullmq';
import { assertValidJobId, assertValidQueueName } from './job-id';
import { describeError } from './job-error';
import { DEFAULT_JOB_OPTIONS } from './job-options';
import { closeConnection, openConnection, type RedisClient, type RedisConnectionInput } from './redis-connection';

/** Where an event goes: the queue, the idempotency id (see job-id.ts) and per-event job options. */
export interface BullMqRoute {
  queue: string;
  jobId?: string;
  opts?: JobsOptions;
}

/** Maps an event (pattern + payload) to its route; the one place producers encode the pipeline's topology. */
export type BullMqRouter = (pattern: string, data: unknown) => BullMqRoute;

export interface BullMqClientOptions {
  /**
   * Redis URL (a `redis+cluster://` URL for a Redis Cluster), ioredis options, or a live ioredis client (then
   * the caller keeps ownership of it). On a cluster, `prefix` must be a hash tag such as `{storyline}`.
   */
  connection: RedisConnectionInput;
  /** Key prefix shared with the consumers (`QUEUE_PREFIX`). */
  prefix: string;
  route: BullMqRouter;
  /** Shallow-merged over {@link DEFAULT_JOB_OPTIONS}; a route's `opts` win over both. */
  defaultJobOptions?: JobsOptions;
  logger?: LoggerService;
}

/** One event for {@link BullMqClient.addBulk}; `jobId`/`opts` override what the route says. */
export interface BullMqEvent<T = unknown> {
  pattern: string;
  data: T;
  jobId?: string;
  opts?: JobsOptions;
}

/**
 * Nest `ClientProxy` that turns `emit(pattern, data)` into a BullMQ job named `pattern`, on the queue and
 * with the job id the router picks. The returned Observable emits the added Job (or the existing one, when
 * the id was already queued) and errors if Redis refused it.
 *
 * Await it — `await lastValueFrom(client.emit(...))` — or use {@link addJob}: Nest's emit starts eagerly and
 * an error on an Observable nobody subscribed to is dropped silently, which inside a handler would lose the
 * hand-off to the next stage while the job itself completes.
 *
 * Only events: `send()` (request/response) reports an error, because a job queue has no reply channel and
 * the pipeline never waits on another stage.
 */
export class BullMqClient extends ClientProxy implements OnApplicationShutdown {
  private readonly logger: LoggerService;
  private readonly errors: RepeatedErrorLog;
  private readonly defaultJobOptions: JobsOptions;
  private readonly queues = new Map<string, Queue>();
  private redis?: RedisClient;
  private ownsRedis = false;

  constructor(private readonly options: BullMqClientOptions) {
    super();
    this.logger = options.logger ?? new Logger(BullMqClient.name);
    this.errors = new RepeatedErrorLog((message) => this.logger.error(message));
    this.defaultJobOptions = { ...DEFAULT_JOB_OPTIONS, ...options.defaultJobOptions };
  }

  /** Opens the shared Redis connection (lazily, once); every queue of this client uses it. */
  async connect(): Promise<RedisClient> {
    return this.connection();
  }

  private connection(): RedisClient {
    if (!this.redis) {
      const { redis, owned } = openConnection(this.options.connection);
      this.redis = redis;
      this.ownsRedis = owned;
      this._status$.next('connected');
    }
    return this.redis;
  }

  /** The BullMQ Queue for `name` under this client's prefix, for health checks, depth and admin. */
  getQueue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      assertValidQueueName(name);
      queue = new Queue(name, { connection: this.connection(), prefix: this.options.prefix });
      // Queue is an EventEmitter: an unhandled 'error' would crash the process on a Redis blip.
      queue.on('error', (error) => this.errors.error(`Queue "${name}": ${describeError(error)}`));
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Adds one job and resolves with it; `jobId`/`opts` override the route's. */
  async addJob<T>(pattern: string, data: T, override: Omit<BullMqEvent<T>, 'pattern' | 'data'> = {}): Promise<Job<T>> {
    const { queue, name, opts } = this.resolve({ pattern, data, ...override });
    return (await this.getQueue(queue).add(name, data, opts)) as Job<T>;
  }

  /**
   * Adds many jobs with one round trip per queue (the batch ingest path) and resolves with the jobs in the
   * input order. Each queue's batch is atomic (a MULTI); batches for different queues are not.
   */
  async addBulk<T>(events: ReadonlyArray<BullMqEvent<T>>): Promise<Array<Job<T>>> {
    const byQueue = new Map<string, Array<{ index: number; name: string; data: T; opts: JobsOptions }>>();
    events.forEach((event, index) => {
      const { queue, name, opts } = this.resolve(event);
      const batch = byQueue.get(queue) ?? [];
      batch.push({ index, name, data: event.data, opts });
      byQueue.set(queue, batch);
    });
    const jobs = new Array<Job<T>>(events.length);
    await Promise.all(
      [...byQueue].map(async ([queue, batch]) => {
        const added = await this.getQueue(queue).addBulk(batch.map(({ name, data, opts }) => ({ name, data, opts })));
        added.forEach((job, i) => (jobs[batch[i].index] = job as Job<T>));
      }),
    );
    return jobs;
  }

  /**
   * Queues work again whatever became of its earlier job, and resolves with how many finished jobs it replaced.
   * A job id blocks its work while any job with that id is kept, finished ones included (see job-id.ts), so a
   * plain add after a completed or failed job is silently nothing. Here a completed or failed job with the same
   * id is removed first; one still waiting, delayed or running is left alone (the add is then a no-op: the work
   * is queued already). Checked, then removed: a finished job leaves its state only by removal or a manual retry,
   * and either way the add that follows queues the work once.
   */
  async requeue<T>(events: ReadonlyArray<BullMqEvent<T>>): Promise<number> {
    const finished = await Promise.all(
      events.map(async (event) => {
        const { queue, opts } = this.resolve(event);
        if (opts.jobId === undefined) return false;
        const state = await this.getQueue(queue).getJobState(opts.jobId);
        if (state !== 'completed' && state !== 'failed') return false;
        await this.getQueue(queue).remove(opts.jobId);
        return true;
      }),
    );
    await this.addBulk(events);
    return finished.filter(Boolean).length;
  }

  private resolve(event: BullMqEvent): { queue: string; name: string; opts: JobsOptions } {
    const route = this.options.route(event.pattern, event.data);
    const jobId = event.jobId ?? route.jobId;
    if (jobId !== undefined) assertValidJobId(jobId);
    const opts: JobsOptions = { ...this.defaultJobOptions, ...route.opts, ...event.opts };
    if (jobId !== undefined) opts.jobId = jobId;
    return { queue: route.queue, name: event.pattern, opts };
  }

  /** Backs `emit()`: the job name is the (normalized) pattern the consumer's @EventPattern matches. */
  protected async dispatchEvent<T = Job>(packet: ReadPacket): Promise<T> {
    return (await this.addJob(this.normalizePattern(packet.pattern), packet.data)) as T;
  }

  /** Backs `send()`: not supported, reported through the Observable rather than thrown. */
  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    callback({
      err: new Error(
        `BullMqClient supports events only: use emit('${this.normalizePattern(packet.pattern)}', data); ` +
          'request/response (send) has no reply channel over a job queue',
      ),
      isDisposed: true,
    });
    return () => undefined;
  }

  /** Closes the queues and, if we opened it, the connection. A later emit opens a new one. */
  async close(): Promise<void> {
    const queues = [...this.queues.values()];
    this.queues.clear();
    await Promise.all(queues.map((queue) => queue.close()));
    if (this.redis && this.ownsRedis) await closeConnection(this.redis);
    this.redis = undefined;
    this._status$.next('disconnected');
  }

  /**
   * Runs after the microservice server has closed (Nest calls dispose, which closes the server and waits
   * for in-flight jobs, before onApplicationShutdown), so handlers can still emit while they drain.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  /** The shared ioredis connection. */
  unwrap<T = RedisClient>(): T {
    if (!this.redis) throw new Error('BullMqClient is not connected; call connect() or emit first');
    return this.redis as T;
  }
}
