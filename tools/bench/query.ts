// Usage: npm run bench:query -- [--articles 1000000] [--stories N] [--connections 20] [--seconds 10] [--keep]
import { ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { createDataSource, ensureDatabase, runMigrations } from '@storyline/database';
import { ArticleReader, EntityReader, SearchReader, StoryReader } from '@storyline/pipeline';
import { repoRoot } from '../eval/paths';
import { seedQueryCorpus, seedVocabulary } from './query-seed';
import { environment, markdownTable, writeReport } from './report';

/**
 * `npm run bench:query`: the query service as deployed (its own process, from dist) over a database of
 * `--articles` synthesized articles (see query-seed.ts), each route driven over HTTP by `--connections` clients in
 * a closed loop (each sends its next request when the last is answered) for `--seconds`, after a warm-up. Reports
 * p50/p95/p99/max and requests/s per route, then each route's statements under EXPLAIN ANALYZE (auto_explain, run
 * in this process through the same readers) with any sequential scan flagged, and the dead tuples per table.
 *
 * The database is `storyline_query_bench_<articles>` (BENCH_DATABASE overrides): it is seeded once and reused by
 * later runs while it exists (a run seeds in minutes at 1 M articles); `--keep` keeps it, otherwise it is dropped.
 * The load generator shares the machine with the service and Postgres: on a 2-core host its own CPU is part of
 * what is measured.
 */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const ARTICLES = Number(arg('--articles') ?? 1_000_000);
const STORIES = Number(arg('--stories') ?? Math.round(ARTICLES * 0.15));
const CONNECTIONS = Number(arg('--connections') ?? 20);
const SECONDS = Number(arg('--seconds') ?? 10);
const WARMUP_SECONDS = 2;
const KEEP = process.argv.includes('--keep');
const PORT = Number(process.env.BENCH_PORT ?? 4220);

interface Route {
  name: string;
  /** Paths to request, in turn. */
  paths: string[];
  /** The same request through the reader, for EXPLAIN. */
  explain: () => Promise<unknown>;
}

interface RouteResult {
  name: string;
  example: string;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
  statements: number;
  seqScans: string[];
  plans: string[];
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10;
}

/** `connections` clients each sending the next of `paths` when its last request is answered, for `seconds`. */
async function drive(
  base: string,
  paths: string[],
  connections: number,
  seconds: number,
): Promise<{ latencies: number[]; statuses: Record<string, number>; elapsed: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  const get = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(`${base}${path}`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const path = paths[next++ % paths.length];
        const t = performance.now();
        const status = await get(path);
        latencies.push(performance.now() - t);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return { latencies: latencies.sort((a, b) => a - b), statuses, elapsed };
}

async function seededArticles(db: Client): Promise<number | null> {
  const [row] = (await db.query(`SELECT to_regclass('bench_seed') IS NOT NULL AS seeded`)).rows;
  if (!row.seeded) return null;
  return Number((await db.query(`SELECT articles FROM bench_seed`)).rows[0].articles);
}

async function main(): Promise<void> {
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const dbName = process.env.BENCH_DATABASE ?? `storyline_query_bench_${ARTICLES}`;
  const url = new URL(base);
  url.pathname = `/${dbName}`;
  const log = (line: string) => process.stdout.write(`[bench:query] ${line}\n`);
  await ensureDatabase(url.toString());
  await runMigrations(url.toString());
  const db = new Client({ connectionString: url.toString() });
  await db.connect();
  let service: ChildProcess | undefined;
  const prefix = `query_bench_${process.pid}`;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const explainUrl = new URL(url);
  explainUrl.searchParams.set('options', AUTO_EXPLAIN);
  const dataSource = createDataSource({
    url: explainUrl.toString(),
    poolSize: 2,
    applicationName: 'bench-query-explain',
  });
  try {
    const seeded = await seededArticles(db);
    if (seeded !== null && seeded !== ARTICLES) throw new Error(`${dbName} holds ${seeded} articles, not ${ARTICLES}`);
    let seedSeconds: number | null = null;
    if (seeded === null) {
      log(`seeding ${ARTICLES} articles in ~${STORIES} stories into ${dbName}`);
      const started = performance.now();
      await seedQueryCorpus(db, { articles: ARTICLES, stories: STORIES, copyShare: 0.12, log });
      seedSeconds = Math.round((performance.now() - started) / 1000);
      await db.query(`CREATE TABLE bench_seed AS SELECT $1::int AS articles, $2::int AS seconds`, [
        ARTICLES,
        seedSeconds,
      ]);
    } else {
      log(`reusing ${dbName} (${seeded} articles)`);
      seedSeconds = Number((await db.query(`SELECT seconds FROM bench_seed`)).rows[0].seconds);
    }
    const counts = (
      await db.query(
        `SELECT (SELECT count(*) FROM article)::int AS articles, (SELECT count(*) FROM story)::int AS stories,
                (SELECT count(*) FROM story_entity)::int AS story_entities, (SELECT count(*) FROM entity)::int AS entities,
                (SELECT max(article_count) FROM story)::int AS largest_story,
                pg_size_pretty(pg_database_size(current_database())) AS size`,
      )
    ).rows[0];
    log(`corpus: ${JSON.stringify(counts)}`);

    service = spawn(process.execPath, [join(repoRoot(), 'dist/apps/query/src/main.js')], {
      env: {
        ...process.env,
        DATABASE_URL: url.toString(),
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: prefix,
        QUERY_PORT: String(PORT),
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        API_KEYS: '',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const endpoint = `http://127.0.0.1:${PORT}`;
    for (let i = 0; ; i++) {
      if ((await fetch(`${endpoint}/health`).catch(() => undefined))?.ok) break;
      if (i > 300) throw new Error('query did not start');
      await new Promise((r) => setTimeout(r, 100));
    }

    // What the requests ask for: stories of every size, entities, sources and words the corpus has.
    const sample = async (sql: string) => (await db.query(sql)).rows;
    const storyIds: string[] = (
      await sample(
        `(SELECT id FROM story ORDER BY md5(id::text) LIMIT 190)
         UNION ALL (SELECT id FROM story ORDER BY article_count DESC LIMIT 10)`,
      )
    ).map((r) => r.id);
    const articleIds: string[] = (await sample(`SELECT id FROM article ORDER BY md5(id::text) LIMIT 200`)).map(
      (r) => r.id,
    );
    const vocab = seedVocabulary();
    const rotate = <T>(list: T[], n: number) => Array.from({ length: n }, (_, i) => list[(i * 7) % list.length]);
    const persons = rotate(vocab.persons, 50);
    const places = rotate(vocab.places, 40);
    const sources = vocab.sources;
    const q = encodeURIComponent;
    const stories = new StoryReader(dataSource);
    const search = new SearchReader(dataSource);
    const articles = new ArticleReader(dataSource);
    const entities = new EntityReader(dataSource);
    const specific = places.map((p, i) => `${p} ${vocab.subjects[(i * 11) % vocab.subjects.length]}`);
    const routes: Route[] = [
      {
        name: 'story list',
        paths: ['/v1/stories'],
        explain: () => stories.list({ limit: 20, sort: 'updated', filter: {} }),
      },
      {
        name: 'story list, entity by name',
        paths: persons.map((p) => `/v1/stories?entity=${q(p)}`),
        explain: async () =>
          stories.list({ limit: 20, sort: 'updated', filter: { entityIds: await stories.entityIds(persons[0]) } }),
      },
      {
        name: 'story list, source, by first seen',
        paths: sources.map((s) => `/v1/stories?source=${s}&sort=firstSeen`),
        explain: () => stories.list({ limit: 20, sort: 'firstSeen', filter: { source: sources[0] } }),
      },
      {
        name: 'story list, ≥ 5 sources, by size',
        paths: ['/v1/stories?minSources=5&sort=size'],
        explain: () => stories.list({ limit: 20, sort: 'size', filter: { minSources: 5 } }),
      },
      {
        name: 'story list, language de, updated in March',
        paths: ['/v1/stories?language=de&updatedFrom=2031-03-01T00:00:00Z&updatedTo=2031-04-01T00:00:00Z'],
        explain: () =>
          stories.list({
            limit: 20,
            sort: 'updated',
            filter: { language: 'de', updatedFrom: '2031-03-01T00:00:00Z', updatedTo: '2031-04-01T00:00:00Z' },
          }),
      },
      {
        name: 'story detail',
        paths: storyIds.map((id) => `/v1/stories/${id}`),
        explain: () => stories.get(storyIds[storyIds.length - 1]),
      },
      {
        name: 'story articles',
        paths: storyIds.map((id) => `/v1/stories/${id}/articles`),
        explain: () => stories.articles(storyIds[storyIds.length - 1], { limit: 100 }),
      },
      {
        name: 'search, place and subject',
        paths: specific.map((s) => `/v1/search?q=${q(s)}`),
        explain: () => search.search({ q: specific[0], limit: 20 }),
      },
      {
        name: 'search, one common word',
        paths: ['/v1/search?q=council', '/v1/search?q=harbour', '/v1/search?q=residents'],
        explain: () => search.search({ q: 'council', limit: 20 }),
      },
      {
        name: 'entity search',
        paths: persons.map((p) => `/v1/entities?q=${q(p.split(' ')[1])}`),
        explain: () => entities.search(persons[0].split(' ')[1], 20),
      },
      {
        name: 'article list',
        paths: ['/v1/articles', ...sources.map((s) => `/v1/articles?source=${s}`)],
        explain: () => articles.list({ limit: 50, source: sources[0] }),
      },
      {
        name: 'article detail',
        paths: articleIds.map((id) => `/v1/articles/${id}`),
        explain: () => articles.get(articleIds[0]),
      },
    ];

    await dataSource.initialize();
    const plans = new PlanRecorder(dataSource);
    const results: RouteResult[] = [];
    for (const route of routes) {
      await drive(endpoint, route.paths, CONNECTIONS, WARMUP_SECONDS);
      const run = await drive(endpoint, route.paths, CONNECTIONS, SECONDS);
      const recorded = await plans.during(route.explain);
      const result: RouteResult = {
        name: route.name,
        example: route.paths[0],
        requests: run.latencies.length,
        perSecond: Math.round(run.latencies.length / run.elapsed),
        p50: percentile(run.latencies, 50),
        p95: percentile(run.latencies, 95),
        p99: percentile(run.latencies, 99),
        max: percentile(run.latencies, 100),
        statuses: run.statuses,
        statements: recorded.length,
        seqScans: recorded.flatMap((p) => [...p.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1])),
        plans: recorded,
      };
      results.push(result);
      log(
        `${route.name}: p50 ${result.p50} p95 ${result.p95} p99 ${result.p99} ms, ${result.perSecond} req/s, ` +
          `${JSON.stringify(result.statuses)}${result.seqScans.length ? `, seq scans: ${result.seqScans}` : ''}`,
      );
    }

    const dead = (
      await db.query(
        `SELECT relname AS table, n_live_tup::int AS live, n_dead_tup::int AS dead FROM pg_stat_user_tables
          WHERE n_live_tup + n_dead_tup > 0 ORDER BY n_dead_tup DESC, relname`,
      )
    ).rows;
    const autovacuum = (await db.query(`SHOW autovacuum`)).rows[0].autovacuum;
    const report = {
      generatedAt: new Date().toISOString(),
      environment: environment(),
      database: dbName,
      corpus: { ...counts, seedSeconds },
      connections: CONNECTIONS,
      secondsPerRoute: SECONDS,
      autovacuum,
      deadTuples: dead,
      routes: results,
    };
    const md = [
      `# bench:query`,
      ``,
      `${counts.articles} articles in ${counts.stories} stories (largest ${counts.largest_story} articles), ` +
        `${counts.story_entities} story_entity rows, ${counts.entities} entities; database ${counts.size}, seeded in ` +
        `${seedSeconds} s. ${CONNECTIONS} connections per route, closed loop, ${SECONDS} s after a ` +
        `${WARMUP_SECONDS} s warm-up. Node ${report.environment.node}, ${report.environment.cores} cores ` +
        `(${report.environment.cpu}), load ${report.environment.loadAverage1m}: the load generator, the service and ` +
        `Postgres share them.`,
      ``,
      markdownTable(
        ['route', 'example', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'req/s', 'statuses', 'statements', 'seq scans'],
        results.map((r) => [
          r.name,
          `\`${r.example}\``,
          r.p50,
          r.p95,
          r.p99,
          r.max,
          r.perSecond,
          Object.entries(r.statuses)
            .map(([s, n]) => `${s}: ${n}`)
            .join(', '),
          r.statements,
          r.seqScans.join(', ') || 'none',
        ]),
      ),
      ``,
      `## Dead tuples (autovacuum: ${autovacuum})`,
      ``,
      `The corpus is written by INSERTs and VACUUMed once after seeding; the reads add none. A store filled by the ` +
        `pipeline carries the dead tuples of its updates (bench:pipeline reports them per article) until vacuumed.`,
      ``,
      markdownTable(
        ['table', 'live', 'dead'],
        dead.map((d) => [d.table, d.live, d.dead]),
      ),
      ``,
      `## Plans (EXPLAIN ANALYZE of each route's statements, run once after its load)`,
      ``,
      ...results.flatMap((r) => [`### ${r.name}`, ``, ...r.plans.map((p) => `\`\`\`\n${p}\n\`\`\``), ``]),
    ].join('\n');
    // Runs at other concurrencies keep their own report beside the default one.
    const written = writeReport(CONNECTIONS === 20 ? 'query' : `query-${CONNECTIONS}c`, report, md);
    log(`wrote ${written.json} and ${written.markdown}`);
  } finally {
    if (service && service.exitCode === null) {
      const exited = new Promise((resolve) => service!.once('exit', resolve));
      service.kill('SIGTERM');
      await exited;
    }
    // The keys the service made under its queue prefix (queue metadata).
    const redis = new Redis(redisUrl);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
    if (dataSource.isInitialized) await dataSource.destroy();
    await db.end();
    if (!KEEP) {
      const admin = new Client({ connectionString: base.toString() });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await admin.end();
    }
  }
}

/** Start-up options of the EXPLAIN connections: auto_explain on every statement, at NOTICE (sent to the client). */
const AUTO_EXPLAIN = [
  'session_preload_libraries=auto_explain',
  'auto_explain.log_min_duration=0',
  'auto_explain.log_analyze=on',
  'auto_explain.log_buffers=on',
  'auto_explain.log_level=notice',
  'auto_explain.log_nested_statements=on',
]
  .map((o) => `-c ${o}`)
  .join(' ');

/** Plans of the statements a reader runs, as auto_explain sends them to the bench's own connections. */
class PlanRecorder {
  private recording: string[] | null = null;
  private readonly listening = new WeakSet<object>();

  constructor(dataSource: ReturnType<typeof createDataSource>) {
    const pool = (dataSource.driver as unknown as { master: import('pg').Pool }).master;
    pool.on('acquire', (client) => {
      if (this.listening.has(client)) return;
      this.listening.add(client);
      client.on('notice', (n) => this.recording?.push(n.message ?? ''));
    });
  }

  async during(run: () => Promise<unknown>): Promise<string[]> {
    this.recording = [];
    await run();
    const plans = this.recording;
    this.recording = null;
    return plans;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
