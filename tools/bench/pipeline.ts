// `npm run bench:pipeline`: the whole stack as `npm start` runs it, measured end to end. See USAGE below and the
// README's "Benchmarks → pipeline". Writes bench/reports/<--report-name, default pipeline>.json and .md.
import Redis from 'ioredis';
import { loadConfig } from '@storyline/config';
import { loadEcbPlus, loadUciHeadlines } from '../eval/datasets';
import { environment, writeReport } from './report';
import { BenchArticle, benchCorpus, countKinds, take } from './pipeline/corpus';
import { BenchDatabase, dropDatabase } from './pipeline/bench-database';
import { ActivitySampler } from './pipeline/activity';
import { pipelineMarkdown, PipelineReport } from './pipeline/markdown';
import { parseBenchArgs, PipelineBenchOptions, USAGE, UsageError } from './pipeline/options';
import { PhaseContext, PhaseResult, runPhase } from './pipeline/phase';
import { BENCH_PORTS, freePorts } from './pipeline/ports';
import { postAll, postAtRate, Posted } from './pipeline/poster';
import { BenchReceiver } from './pipeline/receiver';
import { subscribe } from './pipeline/subscribe';
import { SampledProcess } from './pipeline/sampler';
import { BenchStack } from './pipeline/stack';

const log = (line: string) => process.stdout.write(`bench | ${line}\n`);

/** Everything the run starts, so that any ending (success, failure, Ctrl-C) stops and removes all of it. */
interface Resources {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  stack?: BenchStack;
  receiver?: BenchReceiver;
  db?: BenchDatabase;
  activity?: ActivitySampler;
}

async function run(options: PipelineBenchOptions, res: Resources): Promise<PipelineReport> {
  const config = loadConfig();
  const stream = benchCorpus(loadEcbPlus(), loadUciHeadlines(), options.seed);
  const preload = take(stream, options.preload);
  const articles = take(stream, options.articles);

  res.receiver = new BenchReceiver();
  const [receiverPort] = await freePorts(1, BENCH_PORTS);
  const hookUrl = await res.receiver.start(receiverPort);
  res.stack = new BenchStack({
    databaseUrl: res.databaseUrl,
    redisUrl: res.redisUrl,
    queuePrefix: res.queuePrefix,
    workers: options.workers,
    cpuProfileDir: options.cpuProfileDir,
    ports: BENCH_PORTS,
  });
  log(`starting the stack: database ${new URL(res.databaseUrl).pathname.slice(1)}, queue prefix ${res.queuePrefix}`);
  const endpoints = await res.stack.start();
  await subscribe(endpoints.queryUrl, { url: hookUrl, description: 'bench:pipeline receiver' });
  res.db = await BenchDatabase.connect(res.databaseUrl);
  res.activity = await ActivitySampler.connect(res.databaseUrl);
  await res.db.resetStatements();

  const fixed = fixedProcesses(res.stack, await redisPid(res.redisUrl));
  const ctx: PhaseContext = {
    stack: res.stack,
    endpoints,
    db: res.db,
    activity: res.activity,
    receiver: res.receiver,
    processes: fixed,
    storedBefore: 0,
    timeoutMs: options.phaseTimeoutSeconds * 1000,
    log,
  };
  const phase = async (name: PhaseResult['name'], offered: number | null, post: () => Promise<Posted[]>) => {
    const result = await runPhase(ctx, name, offered, post);
    ctx.storedBefore += result.articles;
    log(
      `${name}: ${result.latency.endToEndPerSecond} articles/s end to end, POST → done p50 ${result.latency.postToDoneMs?.p50 ?? '—'} ms`,
    );
    return result;
  };

  const preloaded = options.preload
    ? await phase('preload', null, () => postAll(endpoints.ingestUrl, preload, options.batchSize))
    : null;
  const phases: PhaseResult[] = [];
  const saturation = await phase('saturation', null, () => postAll(endpoints.ingestUrl, articles, options.batchSize));
  phases.push(saturation);
  if (options.phases.includes('half')) {
    const rate = Math.round((saturation.latency.endToEndPerSecond / 2) * 100) / 100;
    log(`half load: offering ${rate} articles/s for ${options.halfSeconds} s`);
    phases.push(
      await phase('half', rate, () =>
        postAtRate(endpoints.ingestUrl, () => stream.next().value as BenchArticle, rate, options.halfSeconds),
      ),
    );
  }

  const statements = await res.db.topStatements(15);
  const autovacuum = await res.db.setting('autovacuum');
  // Stopped before reading dead tuples: a backend reports its table statistics when it exits at the latest.
  await res.stack.stop();
  const dead = await res.db.deadTuples();
  const stored = ctx.storedBefore;
  return {
    benchmark: 'pipeline',
    at: new Date().toISOString(),
    environment: environment(),
    settings: {
      articles: options.articles,
      workers: options.workers,
      seed: options.seed,
      batchSize: options.batchSize,
      preload: options.preload,
      corpus: countKinds(articles),
      autovacuum,
      workerConcurrency: String(config.WORKER_CONCURRENCY),
      webhookCoalesceMs: String(config.WEBHOOK_COALESCE_MS),
    },
    preload: preloaded,
    phases,
    deadTuples: {
      ...dead,
      articles: stored,
      perArticle: round(dead.total / stored),
      top: dead.byTable.slice(0, 5).map((t) => ({ table: t.table, perArticle: round(t.dead / stored) })),
    },
    statements,
  };
}

const round = (x: number) => Math.round(x * 100) / 100;

/** The Redis server's pid when it runs on this machine (its CPU per article is part of the stack's cost). */
async function redisPid(url: string): Promise<number | null> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const pid = Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1]);
    const host = new URL(url).hostname;
    return Number.isInteger(pid) && ['127.0.0.1', 'localhost', '::1'].includes(host) ? pid : null;
  } finally {
    redis.disconnect();
  }
}

function fixedProcesses(stack: BenchStack, redis: number | null): () => SampledProcess[] {
  return () => [
    ...stack.processes().map((p) => ({ name: p.name, group: p.name.replace(/-\d+$/, ''), pid: p.pid })),
    ...(redis ? [{ name: 'redis-server', group: 'redis-server', pid: redis }] : []),
    { name: 'bench', group: 'bench (poster, receiver, sampler)', pid: process.pid },
  ];
}

/** Stops the stack, closes connections and, unless --keep, drops the database and the queue keys. */
async function cleanUp(res: Resources, keep: boolean): Promise<void> {
  const steps: [string, () => Promise<void>][] = [
    ['stop the stack', async () => res.stack?.stop()],
    ['stop the receiver', async () => res.receiver?.stop()],
    ['close the activity sampler', async () => res.activity?.end()],
    ['close the database connection', async () => res.db?.end()],
  ];
  if (!keep) {
    steps.push(['drop the database', () => dropDatabase(res.databaseUrl)]);
    steps.push(['delete the queue keys', () => deleteKeys(res.redisUrl, res.queuePrefix)]);
  }
  for (const [what, step] of steps) {
    try {
      await step();
    } catch (error) {
      process.stderr.write(`bench | could not ${what}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  if (keep) log(`kept database ${res.databaseUrl} and queue prefix ${res.queuePrefix}`);
}

/** SCAN, not KEYS: the Redis is shared, and KEYS blocks it for everyone while it walks every key. */
async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    const stream = redis.scanStream({ match: `${prefix}:*`, count: 1000 });
    for await (const keys of stream as AsyncIterable<string[]>) if (keys.length) await redis.unlink(...keys);
  } finally {
    redis.disconnect();
  }
}

class Interrupted extends Error {
  constructor(signal: NodeJS.Signals) {
    super(`${signal} received`);
  }
}

async function main(): Promise<number> {
  let options: PipelineBenchOptions;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench:pipeline: ${error.message}\n\n${USAGE}\n`);
    return 64;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const base = loadConfig();
  const id = `${process.pid}_${Date.now().toString(36)}`;
  const databaseUrl = new URL(base.DATABASE_URL);
  databaseUrl.pathname = `/storyline_bench_pipeline_${id}`;
  const res: Resources = {
    databaseUrl: databaseUrl.toString(),
    redisUrl: base.REDIS_URL,
    queuePrefix: `bench_pipeline_${id}`,
  };
  const interrupted = new Promise<never>((_, reject) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => reject(new Interrupted(signal)));
    }
  });
  try {
    const report = await Promise.race([run(options, res), interrupted]);
    const md = pipelineMarkdown(report);
    const written = writeReport(options.reportName, report, md);
    process.stdout.write(`\n${summary(report)}\nwrote ${written.json} and ${written.markdown}\n`);
    return 0;
  } catch (error) {
    if (error instanceof Interrupted) {
      process.stderr.write(`bench:pipeline: ${error.message}; stopping the stack and cleaning up\n`);
      return 130;
    }
    process.stderr.write(`bench:pipeline failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    return 1;
  } finally {
    await cleanUp(res, options.keep);
  }
}

/** A few lines for the terminal; the report has the rest. */
function summary(r: PipelineReport): string {
  return r.phases
    .map((p) => {
      const l = p.latency;
      const top = p.cpu.groups
        .slice(0, 3)
        .map((g) => `${g.group} ${g.msPerArticle}`)
        .join(', ');
      return [
        `${p.name}: ${p.articles} articles${p.offeredPerSecond ? ` offered at ${p.offeredPerSecond}/s (achieved ${p.offeredAchievedPerSecond ?? '—'}/s)` : ''}; accepted ${l.acceptancePerSecond}/s; end to end ${l.endToEndPerSecond}/s; failed ${l.failed}`,
        `  POST → done p50/p95/p99 ${l.postToDoneMs?.p50 ?? '—'}/${l.postToDoneMs?.p95 ?? '—'}/${l.postToDoneMs?.p99 ?? '—'} ms; → webhook ${l.postToWebhookMs?.p50 ?? '—'}/${l.postToWebhookMs?.p95 ?? '—'}/${l.postToWebhookMs?.p99 ?? '—'} ms`,
        `  CPU ms/article, top: ${top}`,
        `  dedupe decisions: ${p.serialization.lockWaitMsPerArticle} of ${p.serialization.decisionMsPerArticle} ms per article waiting for locks (serialized fraction ${p.serialization.serializedFraction ?? '—'}, Amdahl bound × ${p.serialization.amdahlBound ?? '∞'}); ${p.serialization.lockBlockedMsPerArticle} ms blocked in Postgres (fraction ${p.serialization.blockedFraction ?? '—'})`,
      ].join('\n');
    })
    .concat(`dead tuples per article: ${r.deadTuples.perArticle} (autovacuum ${r.settings.autovacuum})`)
    .join('\n');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
