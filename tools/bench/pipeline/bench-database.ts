import { Client } from 'pg';
import { DecisionTimingSums } from './serialization';

/** An article's life as Postgres recorded it; times are epoch ms. */
export interface ArticleTimes {
  id: string;
  status: string;
  storyId: string | null;
  receivedAt: number;
  normalizedAt: number | null;
  clusteredAt: number | null;
  entitiesAt: number | null;
  doneAt: number | null;
}

/** A Postgres server process the benchmark charges CPU to. */
export interface Backend {
  pid: number;
  /** `postgres:storyline-dedupe` for this database's connections; `postgres:<backend type>` for the server's own. */
  group: string;
}

export interface DeadTuples {
  total: number;
  byTable: { table: string; dead: number; live: number }[];
}

const epoch = (column: string) => `(extract(epoch from ${column}) * 1000)::float8 AS ${column}`;

/**
 * The benchmark's own connection to the stack's database (application_name `storyline-bench`, so its backend is
 * told apart from the apps'). Every read here is one cheap query: it runs while the stack is measured.
 */
export class BenchDatabase {
  private constructor(
    private readonly client: Client,
    readonly name: string,
  ) {}

  static async connect(url: string): Promise<BenchDatabase> {
    const client = new Client({ connectionString: url, application_name: 'storyline-bench' });
    await client.connect();
    return new BenchDatabase(client, new URL(url).pathname.slice(1));
  }

  /** Articles finished (done or failed) and failed so far. */
  async progress(): Promise<{ finished: number; failed: number }> {
    const { rows } = await this.client.query(
      `SELECT count(*) FILTER (WHERE status IN ('done', 'failed'))::int AS finished,
              count(*) FILTER (WHERE status = 'failed')::int AS failed FROM article`,
    );
    return rows[0] as { finished: number; failed: number };
  }

  async articleTimes(ids: readonly string[]): Promise<ArticleTimes[]> {
    const { rows } = await this.client.query(
      `SELECT id, status, story_id, ${['received_at', 'normalized_at', 'clustered_at', 'entities_at', 'done_at'].map(epoch).join(', ')}
         FROM article WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((r) => ({
      id: r.id,
      status: r.status,
      storyId: r.story_id,
      receivedAt: r.received_at,
      normalizedAt: r.normalized_at,
      clusteredAt: r.clustered_at,
      entitiesAt: r.entities_at,
      doneAt: r.done_at,
    }));
  }

  /**
   * Sums of the timing each story decision of these articles wrote (`story_decision.timing`). An article decided
   * again after a lock conflict keeps only its last attempt's timing; one made again after a stale optimistic read
   * counts both attempts.
   */
  async decisionTimings(ids: readonly string[]): Promise<DecisionTimingSums> {
    const { rows } = await this.client.query(
      `SELECT count(*)::int AS decided,
              coalesce(sum((story_decision -> 'timing' ->> 'decisionMs')::float8), 0) AS "decisionMs",
              coalesce(sum((story_decision -> 'timing' ->> 'lockWaitMs')::float8), 0) AS "lockWaitMs",
              coalesce(sum((story_decision -> 'timing' ->> 'lockBlockedMs')::float8), 0) AS "lockBlockedMs",
              coalesce(sum((story_decision -> 'timing' ->> 'staleReads')::int), 0)::int AS "staleReads"
         FROM article WHERE id = ANY($1::uuid[]) AND story_decision ? 'timing'`,
      [ids],
    );
    return rows[0] as DecisionTimingSums;
  }

  /** Story events not yet handed to the webhooks queue plus deliveries not yet made: 0 once webhooks caught up. */
  async webhookBacklog(): Promise<number> {
    const { rows } = await this.client.query(
      `SELECT (SELECT count(*) FROM story_event WHERE relayed_at IS NULL)::int
            + (SELECT count(*) FROM webhook_delivery WHERE status = 'pending')::int AS backlog`,
    );
    return rows[0].backlog as number;
  }

  /**
   * This database's backends by the app that opened them, and the server's own processes (checkpointer,
   * WAL writer…), which also work for other databases on a shared server.
   */
  async backends(): Promise<Backend[]> {
    const { rows } = await this.client.query(
      `SELECT pid, CASE WHEN datname = $1 THEN 'postgres:' || coalesce(nullif(application_name, ''), 'unnamed')
                        ELSE 'postgres:' || backend_type END AS group
         FROM pg_stat_activity
        WHERE datname = $1 OR (datname IS NULL AND backend_type <> 'client backend')`,
      [this.name],
    );
    return rows as Backend[];
  }

  /**
   * Every table's dead rows, its TOAST table's listed as "<table> (TOAST)": pg_stat_user_tables leaves TOAST out,
   * and a story's profile, rewritten with each article, leaves most of its dead rows there.
   */
  async deadTuples(): Promise<DeadTuples> {
    const { rows } = await this.client.query(
      `SELECT t.relname AS table, t.n_dead_tup::int AS dead, t.n_live_tup::int AS live FROM pg_stat_user_tables t
       UNION ALL
       SELECT c.relname || ' (TOAST)', s.n_dead_tup::int, s.n_live_tup::int
         FROM pg_stat_user_tables t JOIN pg_class c ON c.oid = t.relid
         JOIN pg_stat_all_tables s ON s.relid = c.reltoastrelid
       ORDER BY dead DESC, "table"`,
    );
    return { total: rows.reduce((sum, r) => sum + (r.dead as number), 0), byTable: rows };
  }

  async setting(name: string): Promise<string> {
    const { rows } = await this.client.query(`SELECT current_setting($1) AS value`, [name]);
    return rows[0].value as string;
  }

  /**
   * The statements of this database by total time, when pg_stat_statements is loaded (it needs
   * shared_preload_libraries, so a server restart: never done here). Null when it is not.
   */
  async topStatements(
    limit: number,
  ): Promise<{ query: string; calls: number; totalMs: number; meanMs: number }[] | null> {
    const preload = await this.setting('shared_preload_libraries');
    if (!preload.split(',').some((lib) => lib.trim() === 'pg_stat_statements')) return null;
    await this.client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    const { rows } = await this.client.query(
      `SELECT query, calls::int, round(total_exec_time::numeric, 1)::float8 AS "totalMs",
              round(mean_exec_time::numeric, 3)::float8 AS "meanMs"
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
        WHERE d.datname = $1 ORDER BY total_exec_time DESC LIMIT $2`,
      [this.name, limit],
    );
    return rows;
  }

  /** Resets this database's statement statistics (only its own: other databases on the server keep theirs). */
  async resetStatements(): Promise<void> {
    if ((await this.topStatements(0)) === null) return;
    await this.client.query(`SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = $1), 0)`, [
      this.name,
    ]);
  }

  async end(): Promise<void> {
    await this.client.end();
  }
}

/** Drops a benchmark database, closing whatever still holds it. */
export async function dropDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  if (!name.startsWith('storyline_bench_')) throw new Error(`refusing to drop ${name}: not a benchmark database`);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
