import { attributeCpu } from './cpu-attribution';
import { BenchDatabase } from './bench-database';
import { phaseLatency, PhaseLatency } from './latency';
import { ActivitySampler, BackendActivity } from './activity';
import { PhaseName } from './options';
import { achievedRate, Posted } from './poster';
import { BenchReceiver } from './receiver';
import { ProcessSampler, SampledProcess } from './sampler';
import { serialization, Serialization } from './serialization';
import { BenchStack, StackEndpoints } from './stack';
import { counterDelta, scrapeWorkers } from './worker-metrics';

/** What every phase runs against. */
export interface PhaseContext {
  stack: BenchStack;
  endpoints: StackEndpoints;
  db: BenchDatabase;
  activity: ActivitySampler;
  receiver: BenchReceiver;
  /** The processes sampled besides the database's backends (apps, Redis, this process). */
  processes: () => SampledProcess[];
  /** Articles in the database before this phase posts: the phase is over when finished = before + posted. */
  storedBefore: number;
  timeoutMs: number;
  log: (line: string) => void;
}

export interface CpuRow {
  group: string;
  processes: number;
  cpuMs: number;
  msPerArticle: number;
  maxRssMb: number;
  peakGroupRssMb: number;
}

export interface PhaseResult {
  name: PhaseName | 'preload';
  articles: number;
  /** The rate asked of the poster (half load); null when posting as fast as accepted. */
  offeredPerSecond: number | null;
  /**
   * The rate the poster actually sent at: articles of every request but the last ÷ first → last request sent.
   * Null for a phase posted as fast as accepted, or of a single request.
   */
  offeredAchievedPerSecond: number | null;
  latency: PhaseLatency;
  cpu: {
    seconds: number;
    groups: CpuRow[];
    machineMsPerArticle: number;
    /** Share of the machine's CPU capacity in use (all processes, other engineers' included). */
    machineBusyShare: number;
  };
  jobs: { queue: string; jobs: number; msPerArticle: number }[];
  /** From the phase's decisions' own timing (story_decision.timing): how much of clustering waited on others. */
  serialization: Serialization;
  /** pg_stat_activity sampled every 100 ms: what the dedupe workers' backends were doing. */
  dedupeBackends: BackendActivity;
}

const POLL_MS = 1000;
const PROGRESS_EVERY_MS = 15_000;
/** After the last delivery is made, a little longer for one coalescing window still open (WEBHOOK_COALESCE_MS). */
const WEBHOOK_SETTLE_MS = 2500;

/**
 * One measured phase: posts with `post`, waits until every article is done (Postgres) and every story event
 * delivered (receiver), and measures latency, CPU and memory per process, job time, and how much of clustering waited on locks over it.
 */
export async function runPhase(
  ctx: PhaseContext,
  name: PhaseResult['name'],
  offeredPerSecond: number | null,
  post: () => Promise<Posted[]>,
): Promise<PhaseResult> {
  const deadline = Date.now() + ctx.timeoutMs;
  const workerUrls = Object.values(ctx.endpoints.metrics).flat();
  const countersBefore = await scrapeWorkers(workerUrls);
  const sampler = new ProcessSampler(ctx.db, ctx.processes);
  await sampler.start();
  ctx.activity.start();

  const posted = await guard(ctx, deadline, `${name}: posting`, post());
  ctx.log(`${name}: ${posted.length} articles accepted; waiting until every one is done`);
  await guard(ctx, deadline, `${name}: processing`, waitFinished(ctx, name, ctx.storedBefore + posted.length));
  const dedupeBackends = await ctx.activity.stop();
  await guard(ctx, deadline, `${name}: webhook deliveries`, waitWebhooks(ctx));
  const samples = await sampler.stop();
  const counters = counterDelta(countersBefore, await scrapeWorkers(workerUrls));

  const ids = posted.map((p) => p.id);
  const latency = phaseLatency(posted, await ctx.db.articleTimes(ids), ctx.receiver.deliveries);
  const timings = await ctx.db.decisionTimings(ids);
  const n = posted.length;
  const cpu = attributeCpu(samples);
  const perArticle = (ms: number) => round(ms / n);
  return {
    name,
    articles: n,
    offeredPerSecond,
    offeredAchievedPerSecond: offeredPerSecond === null ? null : achievedRate(posted),
    latency,
    cpu: {
      seconds: round(cpu.seconds),
      groups: cpu.groups.map((g) => ({
        group: g.group,
        processes: g.processes,
        cpuMs: Math.round(g.cpuMs),
        msPerArticle: perArticle(g.cpuMs),
        maxRssMb: round(g.maxRssKb / 1024),
        peakGroupRssMb: round(g.peakGroupRssKb / 1024),
      })),
      machineMsPerArticle: perArticle(cpu.machineCpuMs),
      machineBusyShare: round(cpu.machineCpuMs / cpu.machineCapacityMs),
    },
    jobs: Object.keys(counters.jobs)
      .sort()
      .map((queue) => ({
        queue,
        jobs: Math.round(counters.jobs[queue]),
        msPerArticle: perArticle((counters.jobSeconds[queue] ?? 0) * 1000),
      })),
    serialization: serialization(timings, counters.jobSeconds.dedupe ?? 0),
    dedupeBackends,
  };
}

/** Rejects when the phase's deadline passes or the stack dies first. */
async function guard<T>(ctx: PhaseContext, deadline: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} exceeded the phase timeout (${ctx.timeoutMs / 1000} s)`)),
      Math.max(0, deadline - Date.now()),
    );
  });
  try {
    return await Promise.race([work, timeout, ctx.stack.died()]);
  } finally {
    clearTimeout(timer);
  }
}

async function waitFinished(ctx: PhaseContext, name: string, total: number): Promise<void> {
  let lastLog = Date.now();
  for (;;) {
    const { finished, failed } = await ctx.db.progress();
    if (finished >= total) return;
    if (Date.now() - lastLog >= PROGRESS_EVERY_MS) {
      lastLog = Date.now();
      ctx.log(
        `${name}: ${finished - ctx.storedBefore} finished (${failed} failed in all) of ${total - ctx.storedBefore}`,
      );
    }
    await sleep(POLL_MS);
  }
}

async function waitWebhooks(ctx: PhaseContext): Promise<void> {
  while ((await ctx.db.webhookBacklog()) > 0) await sleep(POLL_MS);
  await sleep(WEBHOOK_SETTLE_MS);
  while ((await ctx.db.webhookBacklog()) > 0) await sleep(POLL_MS);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number) => Math.round(x * 100) / 100;
