// End-to-end tests of the transport against the real Redis: a real Nest microservice with @EventPatterns,
// fed by BullMqClient. No mocks — the behaviours under test (ids, retries, locks, close) live in Redis.
import { Controller, Inject, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { UnrecoverableError } from 'bullmq';
import { delay, lastValueFrom, of } from 'rxjs';
import { BullMqClient } from './bullmq.client';
import { type FailedJob, JOB_FAILED_PATTERN } from './bullmq.constants';
import { BullMqContext } from './bullmq.context';
import { BullMqExceptionFilter } from './bullmq-exception.filter';
import { BullMqServer, type BullMqServerOptions } from './bullmq.server';
import { deleteKeysWithPrefix, gate, REDIS_URL, sleep, uniquePrefix, waitFor } from './testing';

jest.setTimeout(20_000);

const PREFIX = uniquePrefix('main');
const RECORDER = Symbol('RECORDER');

interface Recorder {
  instance: string;
  calls: Array<{ pattern: string; data: any; jobId?: string; queue: string; attempt: number; at: number }>;
  active: number;
  maxActive: number;
  gate: { promise: Promise<void>; open: () => void };
  /** What the JOB_FAILED_PATTERN handler heard. */
  failures: FailedJob[];
}

function newRecorder(instance: string): Recorder {
  return { instance, calls: [], active: 0, maxActive: 0, gate: gate(), failures: [] };
}

// Events carry an `id`; the route derives the job id from it and the stage, as the pipeline does.
// Tests that exercise retries put their attempts/backoff in the route with tiny delays.
function route(pattern: string, data: unknown) {
  const { id } = data as { id: string };
  const queue = pattern === 'stage2' ? 'next' : pattern.startsWith('slow') ? 'slow' : 'main';
  const opts =
    pattern === 'flaky'
      ? { attempts: 3, backoff: { type: 'exponential', delay: 100, jitter: 0 } }
      : pattern === 'nobody-handles'
        ? { attempts: 1 }
        : { attempts: 5, backoff: { type: 'fixed', delay: 20 } };
  return { queue, jobId: `${id}.${pattern}`, opts };
}

function newClient(prefix = PREFIX): BullMqClient {
  return new BullMqClient({ connection: REDIS_URL, prefix, route });
}

@Controller()
class PipelineController {
  constructor(
    @Inject(RECORDER) private readonly recorder: Recorder,
    private readonly client: BullMqClient,
  ) {}

  private record(pattern: string, data: unknown, ctx: BullMqContext): void {
    this.recorder.calls.push({
      pattern,
      data,
      jobId: ctx.getJobId(),
      queue: ctx.getQueueName(),
      attempt: ctx.getAttemptsMade(),
      at: Date.now(),
    });
  }

  @EventPattern('echo')
  echo(@Payload() data: { id: string }, @Ctx() ctx: BullMqContext) {
    this.record('echo', data, ctx);
    return { echoed: data.id };
  }

  @EventPattern('flaky')
  async flaky(@Payload() data: { id: string }, @Ctx() ctx: BullMqContext) {
    this.record('flaky', data, ctx);
    if (ctx.getAttemptsMade() < 2) throw new Error(`transient failure #${ctx.getAttemptsMade() + 1}`);
    return 'recovered';
  }

  @EventPattern('bad')
  bad(@Payload() data: { id: string }, @Ctx() ctx: BullMqContext) {
    this.record('bad', data, ctx);
    throw new UnrecoverableError('payload has no body');
  }

  @EventPattern('observable')
  observable(@Payload() data: { id: string }, @Ctx() ctx: BullMqContext) {
    this.record('observable', data, ctx);
    return of(1, 2, 3).pipe(delay(20));
  }

  // The pipeline shape: do the stage's work, then hand the result to the next queue before completing.
  @EventPattern('forward')
  async forward(@Payload() data: { id: string; text: string }, @Ctx() ctx: BullMqContext) {
    this.record('forward', data, ctx);
    const result = { id: data.id, text: data.text.toUpperCase() };
    await lastValueFrom(this.client.emit('stage2', result));
    return { forwarded: data.id };
  }

  @EventPattern('stage2')
  stage2(@Payload() data: { id: string; text: string }, @Ctx() ctx: BullMqContext) {
    this.record('stage2', data, ctx);
  }

  @EventPattern('slow')
  async slow(@Payload() data: { id: string }, @Ctx() ctx: BullMqContext) {
    this.record('slow', data, ctx);
    this.recorder.active += 1;
    this.recorder.maxActive = Math.max(this.recorder.maxActive, this.recorder.active);
    try {
      await this.recorder.gate.promise;
    } finally {
      this.recorder.active -= 1;
    }
    return this.recorder.instance;
  }

  @EventPattern(JOB_FAILED_PATTERN)
  failed(@Payload() failure: FailedJob) {
    this.recorder.failures.push(failure);
  }

  @EventPattern('slow-short')
  async slowShort(@Payload() data: { id: string }, @Ctx() ctx: BullMqContext) {
    this.record('slow-short', data, ctx);
    await sleep(15);
    return this.recorder.instance;
  }
}

/** The server of each app startWorker started, for tests that call it directly. */
const serverOf = new WeakMap<INestMicroservice, BullMqServer>();

async function startWorker(options: {
  recorder: Recorder;
  queues: string[];
  concurrency: number;
  prefix?: string;
  filter?: boolean;
  server?: Partial<BullMqServerOptions>;
}): Promise<INestMicroservice> {
  const prefix = options.prefix ?? PREFIX;
  @Module({
    controllers: [PipelineController],
    providers: [
      { provide: RECORDER, useValue: options.recorder },
      { provide: BullMqClient, useFactory: () => newClient(prefix) },
    ],
  })
  class WorkerModule {}

  const server = new BullMqServer({
    connection: REDIS_URL,
    prefix,
    queues: options.queues,
    concurrency: options.concurrency,
    ...options.server,
  });
  const app = await NestFactory.createMicroservice(WorkerModule, { strategy: server, logger: false });
  if (options.filter ?? true) app.useGlobalFilters(new BullMqExceptionFilter());
  await app.listen();
  serverOf.set(app, server);
  return app;
}

describe('BullMqServer + BullMqClient (real Redis, real Nest microservice)', () => {
  let app: INestMicroservice;
  let recorder: Recorder;
  const client = newClient();
  const state = (queue: string, id: string) => client.getQueue(queue).getJobState(id);
  const callsOf = (pattern: string, id: string) =>
    recorder.calls.filter((c) => c.pattern === pattern && c.data.id === id);

  const completed: string[] = [];

  beforeAll(async () => {
    recorder = newRecorder('main');
    app = await startWorker({ recorder, queues: ['main', 'next', 'slow'], concurrency: 3 });
    // app.on() reaches the Workers through BullMqServer.on().
    app.on('completed', (job: { id?: string }) => completed.push(job.id ?? ''));
  });

  afterAll(async () => {
    recorder.gate.open();
    await app.close();
    await client.close();
    await deleteKeysWithPrefix(PREFIX);
  });

  it('delivers the payload and the job context to the @EventPattern handler', async () => {
    const job = await lastValueFrom(client.emit('echo', { id: 'a1', body: 'hello' }));
    expect(job.id).toBe('a1.echo');
    await waitFor(async () => (await state('main', 'a1.echo')) === 'completed');
    expect(callsOf('echo', 'a1')).toEqual([
      expect.objectContaining({ data: { id: 'a1', body: 'hello' }, jobId: 'a1.echo', queue: 'main', attempt: 0 }),
    ]);
    expect((await client.getQueue('main').getJob('a1.echo'))?.returnvalue).toEqual({ echoed: 'a1' });
    expect(completed).toContain('a1.echo');
  });

  it('processes the same job id once, however many times it is emitted', async () => {
    const first = await client.addJob('echo', { id: 'dup' });
    const second = await lastValueFrom(client.emit('echo', { id: 'dup', body: 'second copy' }));
    const [third] = await client.addBulk([{ pattern: 'echo', data: { id: 'dup' } }]);
    expect([first.id, second.id, third.id]).toEqual(['dup.echo', 'dup.echo', 'dup.echo']);
    await waitFor(async () => (await state('main', 'dup.echo')) === 'completed');
    // Also after completion: the completed job keeps the id taken for the retention window.
    await client.addJob('echo', { id: 'dup' });
    await sleep(200);
    expect(callsOf('echo', 'dup')).toHaveLength(1);
    expect(callsOf('echo', 'dup')[0].data).toEqual({ id: 'dup' });
  });

  it('retries a failing handler with exponential backoff until it succeeds', async () => {
    await client.addJob('flaky', { id: 'f1' });
    await waitFor(async () => (await state('main', 'f1.flaky')) === 'completed');
    const calls = callsOf('flaky', 'f1');
    expect(calls.map((c) => c.attempt)).toEqual([0, 1, 2]);
    // backoff 100 ms × 2^(n-1): ~100 ms before the 2nd attempt, ~200 ms before the 3rd.
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(90);
    expect(calls[2].at - calls[1].at).toBeGreaterThanOrEqual(190);
    const job = await client.getQueue('main').getJob('f1.flaky');
    expect(job?.returnvalue).toBe('recovered');
    expect(job?.attemptsMade).toBe(3);
  });

  it('fails a job at once, without retries, when the handler throws UnrecoverableError', async () => {
    await client.addJob('bad', { id: 'b1' });
    await waitFor(async () => (await state('main', 'b1.bad')) === 'failed');
    await sleep(150); // a retry (fixed 20 ms backoff) would have happened by now
    expect(callsOf('bad', 'b1')).toHaveLength(1);
    const job = await client.getQueue('main').getJob('b1.bad');
    expect(job?.failedReason).toBe('payload has no body');
  });

  it('fails (does not silently complete) a job whose name has no handler', async () => {
    await client.addJob('nobody-handles', { id: 'u1' });
    await waitFor(async () => (await state('main', 'u1.nobody-handles')) === 'failed');
    const job = await client.getQueue('main').getJob('u1.nobody-handles');
    expect(job?.failedReason).toMatch(/No @EventPattern\('nobody-handles'\) handler/);
  });

  it('tells the JOB_FAILED_PATTERN handler once about each job that failed for good, and not about retries', async () => {
    await client.addJob('bad', { id: 'fh1' });
    await client.addJob('flaky', { id: 'fh2' });
    await waitFor(async () => (await state('main', 'fh2.flaky')) === 'completed');
    await waitFor(() => recorder.failures.some((f) => f.id === 'fh1.bad'));
    expect(recorder.failures.filter((f) => f.id === 'fh1.bad')).toEqual([
      { queue: 'main', name: 'bad', id: 'fh1.bad', data: { id: 'fh1' }, error: 'payload has no body', attemptsMade: 1 },
    ]);
    expect(recorder.failures.filter((f) => f.id === 'fh2.flaky')).toEqual([]);
  });

  it('requeue() runs finished work again under its id, and leaves work not yet run alone', async () => {
    await client.addJob('echo', { id: 'rq1' });
    await client.addJob('bad', { id: 'rq2' });
    await client.addJob('echo', { id: 'rq3' }, { opts: { delay: 60_000 } });
    await waitFor(async () => (await state('main', 'rq1.echo')) === 'completed');
    await waitFor(async () => (await state('main', 'rq2.bad')) === 'failed');

    const replaced = await client.requeue(
      ['rq1', 'rq2', 'rq3'].map((id, i) => ({ pattern: i === 1 ? 'bad' : 'echo', data: { id } })),
    );
    expect(replaced).toBe(2);
    await waitFor(() => callsOf('echo', 'rq1').length === 2 && callsOf('bad', 'rq2').length === 2);
    expect(await state('main', 'rq3.echo')).toBe('delayed');
    expect(callsOf('echo', 'rq3')).toEqual([]);
  });

  it('waits for an Observable result before completing the job', async () => {
    await client.addJob('observable', { id: 'o1' });
    await waitFor(async () => (await state('main', 'o1.observable')) === 'completed');
    expect((await client.getQueue('main').getJob('o1.observable'))?.returnvalue).toBe(3);
  });

  it('hands a result to the next queue from inside a handler', async () => {
    await client.addJob('forward', { id: 'p1', text: 'hello' });
    await waitFor(() => callsOf('stage2', 'p1').length === 1);
    expect(callsOf('stage2', 'p1')[0]).toEqual(
      expect.objectContaining({ data: { id: 'p1', text: 'HELLO' }, queue: 'next', jobId: 'p1.stage2' }),
    );
  });

  it('runs up to `concurrency` jobs of a queue in parallel, and no more', async () => {
    await client.addBulk(['c1', 'c2', 'c3', 'c4', 'c5'].map((id) => ({ pattern: 'slow', data: { id } })));
    await waitFor(() => recorder.active === 3);
    await sleep(150);
    expect(recorder.active).toBe(3);
    expect(recorder.maxActive).toBe(3);
    recorder.gate.open();
    await waitFor(() => recorder.calls.filter((c) => c.pattern === 'slow').length === 5 && recorder.active === 0);
    expect(recorder.maxActive).toBe(3);
  });

  it('rejects send(): only events are supported', async () => {
    await expect(lastValueFrom(client.send('echo', { id: 'x' }))).rejects.toThrow(/events only/);
  });

  it('rejects job ids BullMQ would refuse, with a clear message', async () => {
    await expect(client.addJob('echo', { id: 'x' }, { jobId: 'article:1' })).rejects.toThrow(/contains ':'/);
    await expect(client.addJob('echo', { id: 'x' }, { jobId: '42' })).rejects.toThrow(/integer/);
  });
});

describe('several worker processes on one queue', () => {
  const prefix = uniquePrefix('scale');
  const client = newClient(prefix);

  afterAll(async () => {
    await client.close();
    await deleteKeysWithPrefix(prefix);
  });

  it('never processes the same job twice across two server instances', async () => {
    const a = newRecorder('a');
    const b = newRecorder('b');
    const apps = await Promise.all([
      startWorker({ recorder: a, queues: ['slow'], concurrency: 2, prefix }),
      startWorker({ recorder: b, queues: ['slow'], concurrency: 2, prefix }),
    ]);
    try {
      const ids = Array.from({ length: 40 }, (_, i) => `s${i}`);
      await client.addBulk(ids.map((id) => ({ pattern: 'slow-short', data: { id } })));
      await waitFor(() => a.calls.length + b.calls.length >= ids.length, 10_000);
      await sleep(200);
      const processed = [...a.calls, ...b.calls].map((c) => c.data.id).sort();
      expect(processed).toEqual([...ids].sort());
      expect(a.calls.length).toBeGreaterThan(0);
      expect(b.calls.length).toBeGreaterThan(0);
    } finally {
      await Promise.all(apps.map((app) => app.close()));
    }
  });
});

describe('graceful close', () => {
  const prefix = uniquePrefix('close');
  const client = newClient(prefix);

  afterAll(async () => {
    await client.close();
    await deleteKeysWithPrefix(prefix);
  });

  it('waits for the in-flight job to finish before resolving close()', async () => {
    const recorder = newRecorder('closing');
    const app = await startWorker({ recorder, queues: ['slow'], concurrency: 1, prefix });
    await client.addJob('slow', { id: 'g1' });
    await waitFor(() => recorder.active === 1);

    let closed = false;
    const closing = app.close().then(() => (closed = true));
    await sleep(200);
    expect(closed).toBe(false);
    expect(await client.getQueue('slow').getJobState('g1.slow')).toBe('active');

    recorder.gate.open();
    await closing;
    expect(await client.getQueue('slow').getJobState('g1.slow')).toBe('completed');
  });

  it('release() puts a running job back in its queue, ends its work first, and lets close() end', async () => {
    const stuck = newRecorder('stuck');
    const app = await startWorker({ recorder: stuck, queues: ['slow'], concurrency: 1, prefix });
    await client.addJob('slow', { id: 'r1' });
    await waitFor(() => stuck.active === 1);
    const queue = client.getQueue('slow');

    const closing = app.close();
    const seenByEndWork: string[] = [];
    const released = await serverOf.get(app)!.release(async () => {
      seenByEndWork.push(await queue.getJobState('r1.slow'));
    });
    // close() no longer waits for the handler, which is still held at its gate.
    await closing;
    expect(stuck.active).toBe(1);
    expect(released).toEqual(['r1.slow']);
    expect(seenByEndWork).toEqual(['waiting']);
    // Back in the queue with no attempt counted, however the abandoned handler ends.
    stuck.gate.open();
    await waitFor(() => stuck.active === 0);
    expect(await queue.getJobState('r1.slow')).toBe('waiting');
    expect((await queue.getJob('r1.slow'))?.attemptsMade).toBe(0);

    const next = newRecorder('next');
    next.gate.open();
    const second = await startWorker({ recorder: next, queues: ['slow'], concurrency: 1, prefix });
    try {
      await waitFor(async () => (await queue.getJobState('r1.slow')) === 'completed');
      expect((await queue.getJob('r1.slow'))?.returnvalue).toBe('next');
      expect(next.calls.map((c) => [c.jobId, c.attempt])).toEqual([['r1.slow', 0]]);
    } finally {
      await second.close();
    }
  });
});

describe('without BullMqExceptionFilter', () => {
  const prefix = uniquePrefix('nofilter');
  const client = newClient(prefix);

  afterAll(async () => {
    await client.close();
    await deleteKeysWithPrefix(prefix);
  });

  it('still fails and retries the job, and says how to keep the original error', async () => {
    const recorder = newRecorder('nofilter');
    const app = await startWorker({ recorder, queues: ['main'], concurrency: 1, prefix, filter: false });
    try {
      await client.addJob('bad', { id: 'n1' }, { opts: { attempts: 2, backoff: { type: 'fixed', delay: 10 } } });
      await waitFor(async () => (await client.getQueue('main').getJobState('n1.bad')) === 'failed');
      // Nest's default filter hid the UnrecoverableError, so BullMQ retried: the job still did not pass silently.
      expect(recorder.calls.filter((c) => c.pattern === 'bad')).toHaveLength(2);
      const job = await client.getQueue('main').getJob('n1.bad');
      expect(job?.failedReason).toMatch(/BullMqExceptionFilter/);
    } finally {
      await app.close();
    }
  });
});

describe('a job whose workers die holding it', () => {
  const prefix = uniquePrefix('stalls');
  const client = newClient(prefix);

  afterAll(async () => {
    await client.close();
    await deleteKeysWithPrefix(prefix);
  });

  it('is failed by BullMQ without running its handler, and the JOB_FAILED_PATTERN handler hears of it', async () => {
    // Locks of 300 ms, checked every 200 ms: a worker that stops renewing its lock has stalled within a second.
    const server = { lockDuration: 300, workerOptions: { stalledInterval: 200, maxStalledCount: 0 } };
    const dying = newRecorder('dying');
    const first = await startWorker({ recorder: dying, queues: ['slow'], concurrency: 1, prefix, server });
    await client.addJob('slow', { id: 'st1' });
    await waitFor(() => dying.active === 1);
    // As a SIGKILL would: the Worker stops renewing the lock and never finishes the job.
    const workers = first.unwrap<Map<string, { close(force: boolean): Promise<void> }>>();
    await Promise.all([...workers.values()].map((worker) => worker.close(true)));

    const next = newRecorder('next');
    const second = await startWorker({ recorder: next, queues: ['slow'], concurrency: 1, prefix, server });
    try {
      await waitFor(() => next.failures.length === 1, 10_000);
      expect(next.failures[0]).toMatchObject({ id: 'st1.slow', data: { id: 'st1' } });
      expect(next.failures[0].error).toMatch(/stalled/);
      expect(next.calls).toEqual([]);
      expect(await client.getQueue('slow').getJobState('st1.slow')).toBe('failed');
    } finally {
      dying.gate.open();
      await Promise.all([first.close(), second.close()]);
    }
  });
});
