import Redis from 'ioredis';
import { Client } from 'pg';
import { BenchDatabase, dropDatabase } from '../bench/pipeline/bench-database';
import { BenchArticle } from '../bench/pipeline/corpus';
import { freePorts, PortRange } from '../bench/pipeline/ports';
import { BenchReceiver } from '../bench/pipeline/receiver';
import { BenchStack } from '../bench/pipeline/stack';
import { subscribe } from '../bench/pipeline/subscribe';
import { seededRandom } from '../eval/random';
import { ArticleJobState, articleJobIds, articleJobStates, unfinishedArticleJobIds } from './article-jobs';
import { checkDeliveries, DeliveryCheck } from './delivery-check';
import { Disrupter, DisruptionRecord, UnexpectedExit } from './disrupter';
import { OrphanClock, OrphanSpan, UnfinishedArticle } from './orphan-clock';
import { Posting, postPaced } from './paced-poster';
import { OwnRedisServer } from './redis-server';
import { readRunFacts, RunFacts } from './run-facts';

export type RunKind = 'chaos' | 'calm';

/** How a run posts and disrupts: the same for the chaos run and the calm one, and given in the report. */
export interface DisruptionSettings {
  rate: number;
  seed: number;
  everySeconds: number;
  until: number;
  workers: number;
  sweepIntervalMs: number;
}

export interface RunSettings extends DisruptionSettings {
  kind: RunKind;
  /** Names the run's database (storyline_bench_chaos_<name>) and queue prefix. */
  name: string;
  baseDatabaseUrl: string;
  redis: OwnRedisServer;
  ports: PortRange;
  articles: readonly BenchArticle[];
  timeoutSeconds: number;
  keep: boolean;
  log: (line: string) => void;
  /** Aborted on Ctrl-C: the run stops waiting and cleans up. */
  interrupted: AbortSignal;
}

export interface RunResult {
  kind: RunKind;
  database: string;
  queuePrefix: string;
  /** The first POST, epoch ms: disruptions' `at` and the report's times count from it. */
  startedAt: number;
  posting: Omit<Posting, 'ids'> & { accepted: number; distinctIds: number };
  /** Seconds from the first POST: to the last accepted, to the end of the disruptions, to settled. */
  seconds: { posted: number; disruptionsEnded: number | null; settled: number };
  /** Every accepted article final and every delivery made; otherwise why the wait ended. */
  settled: boolean;
  endedBecause: string;
  disruptions: DisruptionRecord[];
  unexpectedExits: UnexpectedExit[];
  jobless: {
    limitMs: number;
    lasting: number;
    longest: OrphanSpan | null;
    overLimit: OrphanSpan[];
    overLimitCount: number;
    /** Polls that could not read Redis (down during a restart). */
    pollsWithoutRedis: number;
  };
  facts: Omit<RunFacts, 'grouping' | 'links' | 'deliveries' | 'storyStates'> & {
    links: Omit<RunFacts['links'], 'pairs'>;
    deliveries: { byStatus: Record<string, number> };
  };
  /** Stage jobs of the articles left unfinished (first 50). */
  unfinishedJobs: Record<string, ArticleJobState[]>;
  deliveries: DeliveryCheck & { received: number; refusedWhileFailing: number };
  /** For the grouping comparison: done articles' live stories and the links, by external keys. */
  grouping: Map<string, string>;
  links: [string, string][];
}

const POLL_MS = 2000;
const PROGRESS_EVERY_MS = 15_000;
/** After the last delivery, one coalescing window (WEBHOOK_COALESCE_MS, 1 s by default) and a little more. */
const WEBHOOK_SETTLE_MS = 2500;
/**
 * Retries soon enough for a run to end (the default waits 5 min after the second failure): eight attempts over
 * about two minutes, longer than any failing spell of the receiver here (30 s at most).
 */
const WEBHOOK_RETRY_SCHEDULE = '0,1s,2s,4s,8s,15s,30s,60s';
const RESTART_AFTER_MS = 1000;

/** One run on a fresh stack: posts the corpus (disrupting the stack if a chaos run), waits, and reads the outcome. */
export async function runOnce(s: RunSettings): Promise<RunResult> {
  const log = (line: string) => s.log(`${s.kind} | ${line}`);
  const databaseUrl = new URL(s.baseDatabaseUrl);
  databaseUrl.pathname = `/storyline_bench_chaos_${s.name}`;
  const queuePrefix = `chaos_${s.name}`;
  const receiver = new BenchReceiver();
  let disrupter: Disrupter | undefined;
  const stack = new BenchStack({
    databaseUrl: databaseUrl.toString(),
    redisUrl: s.redis.url,
    queuePrefix,
    workers: s.workers,
    ports: s.ports,
    // Errors only: every disruption makes the apps warn (a failed attempt, a retried delivery), thousands of lines.
    env: { SWEEP_INTERVAL_MS: String(s.sweepIntervalMs), WEBHOOK_RETRY_SCHEDULE, LOG_LEVEL: 'error' },
    restart: { restartAfterMs: RESTART_AFTER_MS, onExit: (app, exit) => disrupter?.exited(app, exit) },
  });
  let bench: BenchDatabase | undefined;
  let db: Client | undefined;
  const redis = new Redis(s.redis.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
  redis.on('error', () => undefined);
  try {
    const hookUrl = await receiver.start((await freePorts(1, s.ports))[0]);
    log(`starting the stack: database ${databaseUrl.pathname.slice(1)}, queue prefix ${queuePrefix}`);
    const endpoints = await stack.start();
    await subscribe(endpoints.queryUrl, {
      url: hookUrl,
      description: `chaos receiver (${s.kind} run)`,
      eventTypes: ['story.created', 'story.updated', 'story.merged', 'article.failed'],
    });
    bench = await BenchDatabase.connect(databaseUrl.toString());
    db = new Client({ connectionString: databaseUrl.toString(), application_name: 'storyline-chaos' });
    await db.connect();
    await redis.connect();

    const start = Date.now();
    const seconds = (at: number) => Math.round((at - start) / 100) / 10;
    const chaosDb = db;
    disrupter = new Disrupter(
      { stack, redis: s.redis, receiver, terminateBackends: () => terminateBackends(chaosDb) },
      seededRandom(s.seed),
      s.everySeconds * 1000,
      start,
      log,
    );
    let posting: Posting | undefined;
    let postingFailed: unknown;
    let postedAt = 0;
    void postPaced(endpoints.ingestUrl, s.articles, s.rate, log).then(
      (p) => ((posting = p), (postedAt = Date.now())),
      (error: unknown) => (postingFailed = error),
    );
    let disrupting = s.kind === 'chaos';
    if (disrupting) disrupter.start();
    let disruptionsEndedAt: number | null = null;
    const endDisruptions = async (why: string) => {
      log(`ending the disruptions: ${why}`);
      await disrupter!.stop();
      disrupting = false;
      disruptionsEndedAt = Date.now();
    };

    const clock = new OrphanClock(2 * s.sweepIntervalMs);
    let pollsWithoutRedis = 0;
    const deadline = start + s.timeoutSeconds * 1000;
    const giveUpMs = Math.max(4 * s.sweepIntervalMs, 300_000);
    let lastProgress = { at: Date.now(), signature: '' };
    let lastLog = Date.now();
    let endedBecause = '';
    let settled = false;
    for (;;) {
      await Promise.race([sleep(POLL_MS), stack.died()]);
      s.interrupted.throwIfAborted();
      if (postingFailed) throw postingFailed;
      const now = Date.now();
      const unfinished: UnfinishedArticle[] = (
        await db.query(`SELECT id, status, revision FROM article WHERE status NOT IN ('done', 'failed')`)
      ).rows;
      try {
        const live = await unfinishedArticleJobIds(redis, queuePrefix);
        clock.observe(now, unfinished, (a) => articleJobIds(a).some((id) => live.has(id)));
      } catch {
        pollsWithoutRedis++;
      }
      const { finished } = await bench.progress();
      const backlog = await bench.webhookBacklog();
      const signature = `${finished}/${backlog}/${receiver.deliveries.length}`;
      if (signature !== lastProgress.signature) lastProgress = { at: now, signature };
      const accepted = posting ? posting.ids.filter(Boolean).length : null;

      if (disrupting && posting && finished >= s.until * accepted!) {
        await endDisruptions(`everything posted and ${finished} of ${accepted} articles final`);
      }
      if (posting && !disrupting && finished >= accepted! && unfinished.length === 0 && backlog === 0) {
        await sleep(WEBHOOK_SETTLE_MS);
        if ((await bench.webhookBacklog()) === 0) {
          settled = true;
          endedBecause = 'every article final and every delivery made';
          break;
        }
      }
      if (now - lastProgress.at > giveUpMs) {
        const stalled = `nothing finished or delivered for ${Math.round(giveUpMs / 1000)} s`;
        if (!disrupting) {
          endedBecause = stalled;
          break;
        }
        await endDisruptions(stalled);
        lastProgress = { at: Date.now(), signature };
      }
      if (now > deadline) {
        endedBecause = `the run's time limit (${s.timeoutSeconds} s) passed`;
        break;
      }
      if (now - lastLog >= PROGRESS_EVERY_MS) {
        lastLog = now;
        log(
          `${posting ? `posted ${accepted}` : 'posting'}; ${finished} final, ${unfinished.length} in the pipeline, ` +
            `webhook backlog ${backlog}, ${receiver.deliveries.length} events received` +
            (disrupting ? `, ${disrupter.records.length} disruptions` : ''),
        );
      }
    }
    if (disrupting) await endDisruptions(endedBecause);
    const settledAt = Date.now();
    log(`${settled ? 'settled' : 'NOT settled'} after ${seconds(settledAt)} s: ${endedBecause}`);

    const facts = await readRunFacts(db);
    const evidence = facts.unfinished.slice(0, 50);
    const jobStates = await articleJobStates(s.redis.url, queuePrefix, evidence).catch(
      (error: unknown) => new Map([['error', [{ jobId: '-', state: String(error) }]]]),
    );
    const ids = posting!.ids.filter(Boolean);
    const { pairs, ...links } = facts.links;
    return {
      kind: s.kind,
      database: databaseUrl.pathname.slice(1),
      queuePrefix,
      startedAt: start,
      posting: { ...withoutIds(posting!), accepted: ids.length, distinctIds: new Set(ids).size },
      seconds: {
        posted: seconds(postedAt),
        disruptionsEnded: disruptionsEndedAt === null ? null : seconds(disruptionsEndedAt),
        settled: seconds(settledAt),
      },
      settled,
      endedBecause,
      disruptions: disrupter.records,
      unexpectedExits: disrupter.unexpectedExits,
      jobless: { ...clock.summary(), limitMs: clock.limitMs, pollsWithoutRedis },
      facts: {
        articles: facts.articles,
        unfinished: facts.unfinished.slice(0, 50),
        failed: facts.failed.slice(0, 50),
        failedEventMismatches: facts.failedEventMismatches,
        doneWithoutLiveStory: facts.doneWithoutLiveStory,
        membersElsewhere: facts.membersElsewhere,
        stories: facts.stories,
        links,
        mentions: facts.mentions,
        deliveries: { byStatus: facts.deliveries.byStatus },
      },
      unfinishedJobs: Object.fromEntries(jobStates),
      deliveries: {
        ...checkDeliveries(facts.storyStates, receiver.deliveries, facts.deliveries.deliveredEventIds),
        received: receiver.deliveries.length,
        refusedWhileFailing: receiver.refused,
      },
      grouping: facts.grouping,
      links: pairs,
    };
  } finally {
    await cleanUp(log, [
      ['stop the stack', () => stack.stop()],
      ['stop the receiver', () => receiver.stop()],
      ['close the database connections', async () => void (await Promise.all([bench?.end(), db?.end()]))],
      ['close the Redis connection', async () => redis.disconnect()],
      ...(s.keep ? [] : [['drop the database', () => dropDatabase(databaseUrl.toString())] as const]),
    ]);
  }
}

function withoutIds({ ids: _ids, ...rest }: Posting): Omit<Posting, 'ids'> {
  return rest;
}

/** Ends the stack's Postgres connections (the apps'; not this tool's own), as a failover or an admin would. */
async function terminateBackends(db: Client): Promise<number> {
  const { rows } = await db.query(
    `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()
        AND application_name LIKE 'storyline-%' AND application_name NOT IN ('storyline-bench', 'storyline-chaos')`,
  );
  return rows[0].n as number;
}

async function cleanUp(log: (line: string) => void, steps: (readonly [string, () => Promise<void>])[]): Promise<void> {
  for (const [what, step] of steps) {
    try {
      await step();
    } catch (error) {
      log(`could not ${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
