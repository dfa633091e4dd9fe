import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { runMigrations } from '@storyline/database';
import { repoRoot } from '../eval/paths';
import { environment, markdownTable, writeReport } from './report';

/**
 * `npm run bench:intake`: the ingest service as deployed (its own process, from dist) on a scratch database and
 * queue prefix, fed batches of realistic articles over HTTP. Reports articles/s and the CPU spent per article by
 * the ingest process and by its Postgres backends (from /proc, so Linux only), for
 *  - new articles, one batch at a time and BENCH_CONCURRENCY batches at once;
 *  - the same batches again (every article a duplicate).
 * Redis's CPU is reported too, but Redis may be serving others at the same time: read it as an upper bound.
 * BENCH_CPU_PROF=<dir> runs ingest under `node --cpu-prof` and leaves the profile there; BENCH_INGEST=<main.js>
 * runs another build of ingest (a copy of dist from an earlier commit, to compare on the same machine state).
 */
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const PORT = Number(process.env.BENCH_PORT ?? 4210);
const TICKS_PER_MS = 100 / 1000; // USER_HZ: /proc reports CPU time in 1/100 s

function cpuMs(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_MS;
  } catch {
    return 0; // the process has ended
  }
}

/** Paragraphs of real news prose (the examples), reshuffled so every article is different text of ~3–5 KB. */
function articleFactory(): (n: number) => Record<string, string> {
  const dir = join(repoRoot(), 'examples', 'articles');
  const sentences = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split(/(?<=[.!?])\s+/))
    .map((s) => s.trim())
    .filter((s) => s.length > 20);
  let state = 42;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return (n) => {
    const target = 3000 + Math.floor(random() * 2000);
    const paragraphs: string[] = [];
    let length = 0;
    while (length < target) {
      const p = Array.from(
        { length: 2 + Math.floor(random() * 3) },
        () => sentences[Math.floor(random() * sentences.length)],
      ).join(' ');
      paragraphs.push(p);
      length += p.length + 2;
    }
    return {
      source: `outlet-${n % 37}`,
      externalId: `bench-${n}`,
      url: `https://outlet-${n % 37}.example.com/news/2031/03/03/article-${n}`,
      title: sentences[Math.floor(random() * sentences.length)].slice(0, 120),
      body: paragraphs.join('\n\n'),
      publishedAt: `2031-03-0${1 + (n % 9)}T${String(n % 24).padStart(2, '0')}:15:00Z`,
      language: 'en',
    };
  };
}

/**
 * CPU of the Postgres backends serving one database. The pool closes idle connections (and a pid may be reused),
 * so backends are sampled through the run: one that has ended counts with its last sample.
 */
class BackendCpu {
  private readonly seen = new Map<string, { first: number; last: number }>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly db: Client,
    private readonly database: string,
  ) {}

  async start(): Promise<void> {
    await this.sample(false);
    this.timer = setInterval(() => void this.sample(true).catch(() => undefined), 100);
  }

  async stop(): Promise<number> {
    clearInterval(this.timer);
    await this.sample(true);
    return [...this.seen.values()].reduce((sum, b) => sum + b.last - b.first, 0);
  }

  private async sample(started: boolean): Promise<void> {
    const { rows } = await this.db.query<{ pid: number; since: string }>(
      `SELECT pid, backend_start::text AS since FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [this.database],
    );
    for (const { pid, since } of rows) {
      const ms = cpuMs(pid);
      const key = `${pid}@${since}`;
      const known = this.seen.get(key);
      // A backend first seen during the run started during it (or just went unseen): all its CPU is the run's.
      if (known) known.last = Math.max(known.last, ms);
      else this.seen.set(key, { first: started ? 0 : ms, last: ms });
    }
  }
}

interface Run {
  name: string;
  articles: number;
  seconds: number;
  articlesPerSecond: number;
  ingestCpuMsPerArticle: number;
  postgresCpuMsPerArticle: number;
  redisCpuMsPerArticle: number;
  statuses: Record<string, number>;
}

async function main(): Promise<void> {
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const dbName = `storyline_intake_bench_${process.pid}`;
  const url = new URL(base);
  url.pathname = `/${dbName}`;
  const prefix = `intake_bench_${process.pid}`;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  await runMigrations(url.toString());
  const observer = new Client({ connectionString: url.toString() });
  await observer.connect();
  const redisInfo = new Redis(redisUrl);
  const redisPid = Number(/process_id:(\d+)/.exec(await redisInfo.info('server'))?.[1]);
  redisInfo.disconnect();

  const profile = process.env.BENCH_CPU_PROF;
  let ingest: ChildProcess | undefined;
  try {
    ingest = spawn(
      process.execPath,
      [
        ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
        process.env.BENCH_INGEST ?? join(repoRoot(), 'dist/apps/ingest/src/main.js'),
      ],
      {
        env: {
          ...process.env,
          DATABASE_URL: url.toString(),
          REDIS_URL: redisUrl,
          QUEUE_PREFIX: prefix,
          INGEST_PORT: String(PORT),
          HOST: '127.0.0.1',
          NODE_ENV: 'production',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const endpoint = `http://127.0.0.1:${PORT}`;
    for (let i = 0; ; i++) {
      if ((await fetch(`${endpoint}/health`).catch(() => undefined))?.ok) break;
      if (i > 300) throw new Error('ingest did not start');
      await new Promise((r) => setTimeout(r, 100));
    }

    const make = articleFactory();
    let next = 0;
    const bodies = (count: number) =>
      Array.from({ length: count }, () =>
        JSON.stringify({ articles: Array.from({ length: BATCH }, () => make(next++)) }),
      );
    const warmup = bodies(3);
    const sequential = bodies(BATCHES);
    const concurrent = bodies(BATCHES);
    const bytes = sequential.reduce((n, b) => n + Buffer.byteLength(b), 0) / (BATCHES * BATCH);

    const post = async (body: string, statuses: Record<string, number>) => {
      const res = await fetch(`${endpoint}/v1/articles/batch`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      });
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      const answer = (await res.json()) as { results?: { duplicate?: boolean; error?: unknown }[] };
      if (!answer.results || answer.results.some((r) => r.error)) {
        throw new Error(`unexpected answer ${res.status}: ${JSON.stringify(answer).slice(0, 500)}`);
      }
    };
    const measure = async (name: string, batches: string[], inFlight: number): Promise<Run> => {
      const backends = new BackendCpu(observer, dbName);
      await backends.start();
      const ingestBefore = cpuMs(ingest!.pid!);
      const redisBefore = cpuMs(redisPid);
      const statuses: Record<string, number> = {};
      const started = performance.now();
      let i = 0;
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (i < batches.length) await post(batches[i++], statuses);
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const ingestMs = cpuMs(ingest!.pid!) - ingestBefore;
      const redisMs = cpuMs(redisPid) - redisBefore;
      const pgMs = await backends.stop();
      const articles = batches.length * BATCH;
      return {
        name,
        articles,
        seconds: Math.round(seconds * 100) / 100,
        articlesPerSecond: Math.round(articles / seconds),
        ingestCpuMsPerArticle: Math.round((ingestMs / articles) * 1000) / 1000,
        postgresCpuMsPerArticle: Math.round((pgMs / articles) * 1000) / 1000,
        redisCpuMsPerArticle: Math.round((redisMs / articles) * 1000) / 1000,
        statuses,
      };
    };

    await measure('warm-up', warmup, 1);
    const runs = [
      await measure('new, 1 batch at a time', sequential, 1),
      await measure(`new, ${CONCURRENCY} batches at a time`, concurrent, CONCURRENCY),
      await measure('all duplicates, 1 batch at a time', sequential, 1),
    ];
    const { rows } = await observer.query<{ n: string }>('SELECT count(*) AS n FROM article');
    const redis = new Redis(redisUrl);
    const queued = await redis.llen(`${prefix}:normalize:wait`);
    redis.disconnect();
    const expected = (warmup.length + sequential.length + concurrent.length) * BATCH;
    if (Number(rows[0].n) !== expected) throw new Error(`stored ${rows[0].n} articles, expected ${expected}`);

    const markdown = [
      `# Intake: POST /v1/articles/batch, ${BATCH} articles per batch (~${Math.round(bytes)} bytes of JSON each)`,
      '',
      markdownTable(
        [
          'run',
          'articles',
          's',
          'articles/s',
          'ingest CPU ms/article',
          'Postgres CPU ms/article',
          'Redis CPU ms/article',
          'HTTP statuses',
        ],
        runs.map((r) => [
          r.name,
          r.articles,
          r.seconds,
          r.articlesPerSecond,
          r.ingestCpuMsPerArticle,
          r.postgresCpuMsPerArticle,
          r.redisCpuMsPerArticle,
          JSON.stringify(r.statuses),
        ]),
      ),
      '',
      `Stored ${rows[0].n} articles; ${queued} normalize jobs waiting. ${JSON.stringify(environment())}`,
    ].join('\n');
    writeReport(
      'intake',
      { batch: BATCH, bytesPerArticle: Math.round(bytes), runs, environment: environment() },
      markdown,
    );
    console.log(markdown);
  } finally {
    if (ingest && ingest.exitCode === null) {
      const exited = new Promise((r) => ingest!.once('exit', r));
      ingest.kill('SIGTERM');
      await exited;
    }
    await observer.end();
    const admin = new Client({ connectionString: base.toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
    const redis = new Redis(redisUrl);
    let cursor = '0';
    do {
      const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = nextCursor;
    } while (cursor !== '0');
    redis.disconnect();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
