// Entities stage cost by story size: `node dist/tools/bench/entities.js [--articles 1000] [--batch 1] [--keep]`.
//
// Runs the entities use case (ExtractEntities, with its story event) in process against a real Postgres database
// (storyline_ent_bench_<pid> beside DATABASE_URL, dropped afterwards unless --keep) on ONE story that grows
// to --articles articles: ECB+ dev articles in turn (a mixed story: more distinct entities than a real one, the
// hard case for a per-story summary), each inserted as clustered into the story, then extracted. Reports, per
// article, at story sizes around 10, 100 and 1,000: the process's CPU (JS, NER included), the Postgres backend's
// CPU (one pooled connection, read from /proc: Postgres must run on this host) and the wall time of the job;
// then dead and HOT-updated tuples per article on the entity tables. With --batch N, N articles are inserted and then
// extracted at once, as a worker with a backlog runs them (one batch of the story's articles, filed as one version);
// each is charged 1/N of the batch. Writes bench/reports/entities.{json,md}.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '@storyline/config';
import { createDataSource, runMigrations } from '@storyline/database';
import { ArticleFailures, ExtractEntities, NerModelProvider, PipelineQueue, StoryEvents } from '@storyline/pipeline';
import { environment, markdownTable, writeReport } from './report';

const TABLES = ['story_entity', 'entity', 'entity_alias', 'entity_mention', 'article', 'story'];
const WINDOWS: [number, number][] = [
  [1, 10],
  [91, 100],
  [901, 1000],
];

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface EcbArticle {
  title: string;
  body: string;
}

function backendCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat (11 and 12 after the command name), in clock ticks (100 Hz).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function tableStats(
  admin: Client,
): Promise<Record<string, { dead: number; upd: number; hot: number; del: number }>> {
  await admin.query(`SELECT pg_stat_clear_snapshot()`);
  const rows = await admin.query(
    `SELECT relname, n_dead_tup, n_tup_upd, n_tup_hot_upd, n_tup_del FROM pg_stat_user_tables WHERE relname = ANY($1)`,
    [TABLES],
  );
  return Object.fromEntries(
    rows.rows.map((r) => [
      r.relname,
      { dead: Number(r.n_dead_tup), upd: Number(r.n_tup_upd), hot: Number(r.n_tup_hot_upd), del: Number(r.n_tup_del) },
    ]),
  );
}

async function main(): Promise<void> {
  const total = Number(argument('--articles') ?? 1000);
  const batch = Number(argument('--batch') ?? 1);
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const url = new URL(base);
  url.pathname = `/storyline_ent_bench_${process.pid}`;
  await runMigrations(url.toString());
  const db: DataSource = createDataSource({ url: url.toString(), poolSize: 1, applicationName: 'bench-entities' });
  await db.initialize();
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const [{ pid }] = await db.query(`SELECT pg_backend_pid() AS pid`);
    const logger = { setContext() {}, info() {}, warn() {}, error() {}, debug() {} } as unknown as PinoLogger;
    const config = {
      NER_MODEL_PATH: 'models/ner-v1.json.gz',
      WEBHOOK_COALESCE_MS: 0,
      STAGE_BATCH_SIZE: batch,
      STAGE_BATCH_WINDOW_MS: 1000,
    } as AppConfig;
    const queue = { enqueue: async () => undefined } as unknown as PipelineQueue;
    const failures = { guard: (_s: unknown, _j: unknown, _a: unknown, work: () => Promise<void>) => work() };
    const stage = new ExtractEntities(
      db,
      config,
      new NerModelProvider(config),
      failures as unknown as ArticleFailures,
      new StoryEvents(queue, config, logger),
      logger,
    );
    const shared = process.env.STORYLINE_SHARED_DIR ?? resolve(__dirname, '..', '..', '..', '..', 'shared');
    const corpus: EcbArticle[] = gunzipSync(readFileSync(join(shared, 'datasets', 'ecbplus-dev', 'articles.jsonl.gz')))
      .toString('utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));

    const storyId = randomUUID();
    await db.query(
      `INSERT INTO story (id, title, article_count, first_seen_at, last_seen_at, profile) VALUES ($1, 'bench', 0, now(), now(), '{}')`,
      [storyId],
    );
    const attempt = { finalAttempt: false, postpone: async () => Promise.reject(new Error('no')) as never };
    const perArticle: { js: number; pg: number; wall: number }[] = [];
    const stats: Record<number, Awaited<ReturnType<typeof tableStats>>> = { 0: await tableStats(admin) };
    for (let first = 1; first <= total; first += batch) {
      const ids: string[] = [];
      for (let i = first; i < first + batch && i <= total; i++) {
        const source = corpus[(i - 1) % corpus.length];
        const id = randomUUID();
        // Distinct text per article: an exact copy of an earlier one would be the same work, not a new article.
        await db.query(
          `INSERT INTO article (id, content_type, status, story_id, title, text) VALUES ($1, 'text/plain', 'clustered', $2, $3, $4)`,
          [id, storyId, source.title, `${source.body}\n\nReport ${i}.`],
        );
        ids.push(id);
      }
      await db.query(`UPDATE story SET article_count = article_count + $2 WHERE id = $1`, [storyId, ids.length]);
      const cpu = process.cpuUsage();
      const pg = backendCpuMs(pid);
      const wall = performance.now();
      await Promise.all(ids.map((id) => stage.execute({ articleId: id, revision: 0 }, attempt)));
      const used = process.cpuUsage(cpu);
      const share = {
        js: (used.user + used.system) / 1000 / ids.length,
        pg: (backendCpuMs(pid) - pg) / ids.length,
        wall: (performance.now() - wall) / ids.length,
      };
      for (const _ of ids) perArticle.push(share);
      const last = first + ids.length - 1;
      if (WINDOWS.some(([, to]) => to >= first && to <= last)) {
        await db.query(`SELECT pg_stat_force_next_flush()`);
        await db.query(`SELECT 1`);
        stats[last] = await tableStats(admin);
      }
    }
    const [{ entities }] = await db.query(`SELECT count(*)::int AS entities FROM story_entity WHERE story_id = $1`, [
      storyId,
    ]);
    const windows = WINDOWS.filter(([, to]) => to <= total).map(([from, to]) => {
      const slice = perArticle.slice(from - 1, to);
      const mean = (f: (x: { js: number; pg: number; wall: number }) => number) =>
        Math.round((slice.reduce((s, x) => s + f(x), 0) / slice.length) * 10) / 10;
      return {
        articles: `${from}–${to}`,
        jsMs: mean((x) => x.js),
        pgMs: mean((x) => x.pg),
        wallMs: mean((x) => x.wall),
      };
    });
    const last = Math.max(...Object.keys(stats).map(Number));
    const tuples = TABLES.map((t) => {
      const [a, b] = [stats[0][t], stats[last][t]];
      const per = (x: number) => Math.round((x / last) * 100) / 100;
      return {
        table: t,
        deadPerArticle: per(b.dead - a.dead),
        updatesPerArticle: per(b.upd - a.upd),
        hotPerArticle: per(b.hot - a.hot),
        deletesPerArticle: per(b.del - a.del),
      };
    });
    const report = { environment: environment(), articles: total, batch, storyEntityRows: entities, windows, tuples };
    const markdown = [
      `# Entities stage by story size (${total} articles in batches of ${batch}, ${entities} story_entity rows at the end)`,
      '',
      markdownTable(
        ['articles', 'JS ms/article', 'Postgres ms/article', 'wall ms/article'],
        windows.map((w) => [w.articles, w.jsMs, w.pgMs, w.wallMs]),
      ),
      '',
      markdownTable(
        ['table', 'dead/article', 'updates/article', 'HOT/article', 'deletes/article'],
        tuples.map((t) => [t.table, t.deadPerArticle, t.updatesPerArticle, t.hotPerArticle, t.deletesPerArticle]),
      ),
    ].join('\n');
    writeReport('entities', report, markdown);
    console.log(markdown);
  } finally {
    await admin.end();
    await db.destroy();
    if (!process.argv.includes('--keep')) {
      const root = new Client({ connectionString: base.toString() });
      await root.connect();
      await root.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`);
      await root.end();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
