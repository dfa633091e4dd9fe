import { Client } from 'pg';

/** One group of a pg_stat_activity sample: backends in one state, waiting (or not) on one event. */
export interface ActivityRow {
  state: string | null;
  waitEventType: string | null;
  waitEvent: string | null;
  backends: number;
}

/** What the dedupe workers' backends were doing, over a phase's samples. */
export interface BackendActivity {
  samples: number;
  intervalMs: number;
  /** Mean backends of the dedupe workers' pools, idle ones included. */
  meanBackends: number;
  /** Mean backends not idle: running a statement, waiting for a lock, or in a transaction (idle in transaction). */
  meanBusy: number;
  /** Share of samples in which at least one dedupe backend waited for a lock. */
  anyLockWaitShare: number;
  /** By state (see classify), the mean backends in it and its share of the busy backend-samples. */
  states: { state: string; meanBackends: number; shareOfBusy: number }[];
}

/** The states reported, in this order; lock waits other than these three show as `lock: <wait_event>`. */
export const ACTIVITY_STATES = [
  'lock: advisory',
  'lock: transactionid',
  'lock: tuple',
  'active, not waiting for a lock',
  'idle in transaction',
] as const;

/**
 * A backend's state as the report counts it: waiting for a heavyweight lock by wait_event (advisory: a band or key
 * lock; transactionid: a row another transaction holds, FOR UPDATE; tuple: queued behind another waiter for that
 * row), running otherwise (CPU, I/O, LWLocks), idle in transaction (its worker computing between statements),
 * or idle (in the pool, between decisions).
 */
export function classify(row: Pick<ActivityRow, 'state' | 'waitEventType' | 'waitEvent'>): string {
  if (row.state === 'active') {
    return row.waitEventType === 'Lock' ? `lock: ${row.waitEvent ?? 'unknown'}` : 'active, not waiting for a lock';
  }
  if (row.state?.startsWith('idle in transaction')) return 'idle in transaction';
  if (row.state === 'idle') return 'idle';
  return `other: ${row.state ?? 'unknown'}`;
}

/** Adds up samples; pure, so that the report's arithmetic is tested apart from Postgres. */
export class ActivityTally {
  private samples = 0;
  private withLockWait = 0;
  private readonly byState = new Map<string, number>();

  constructor(readonly intervalMs: number) {}

  add(rows: readonly ActivityRow[]): void {
    this.samples++;
    let waiting = 0;
    for (const row of rows) {
      const state = classify(row);
      this.byState.set(state, (this.byState.get(state) ?? 0) + row.backends);
      if (state.startsWith('lock: ')) waiting += row.backends;
    }
    if (waiting > 0) this.withLockWait++;
  }

  summary(): BackendActivity {
    const n = this.samples || 1;
    const all = [...this.byState.values()].reduce((s, x) => s + x, 0);
    const busy = all - (this.byState.get('idle') ?? 0);
    const order = (s: string) => {
      const i = (ACTIVITY_STATES as readonly string[]).indexOf(s);
      return i < 0 ? ACTIVITY_STATES.length : i;
    };
    const states = [...new Set([...ACTIVITY_STATES, ...this.byState.keys()])]
      .filter((s) => s !== 'idle')
      .sort((a, b) => order(a) - order(b) || a.localeCompare(b))
      .map((state) => {
        const count = this.byState.get(state) ?? 0;
        return { state, meanBackends: round(count / n), shareOfBusy: busy ? round4(count / busy) : 0 };
      });
    return {
      samples: this.samples,
      intervalMs: this.intervalMs,
      meanBackends: round(all / n),
      meanBusy: round(busy / n),
      anyLockWaitShare: round4(this.withLockWait / n),
      states,
    };
  }
}

/**
 * Samples pg_stat_activity for the dedupe workers' backends (application_name `storyline-dedupe`) every 100 ms:
 * one grouped query a sample, on a connection of its own (application_name `storyline-bench`, so its CPU shows
 * beside the benchmark's). A sample still running when the next is due is skipped, not queued.
 */
export class ActivitySampler {
  private tally: ActivityTally;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  private constructor(
    private readonly client: Client,
    private readonly database: string,
    private readonly intervalMs: number,
  ) {
    this.tally = new ActivityTally(intervalMs);
  }

  static async connect(url: string, intervalMs = 100): Promise<ActivitySampler> {
    const client = new Client({ connectionString: url, application_name: 'storyline-bench' });
    await client.connect();
    return new ActivitySampler(client, new URL(url).pathname.slice(1), intervalMs);
  }

  start(): void {
    this.tally = new ActivityTally(this.intervalMs);
    this.timer = setInterval(() => {
      this.running ??= this.sample().finally(() => (this.running = undefined));
    }, this.intervalMs);
  }

  async stop(): Promise<BackendActivity> {
    clearInterval(this.timer);
    await this.running;
    return this.tally.summary();
  }

  async end(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.client.end();
  }

  private async sample(): Promise<void> {
    const { rows } = await this.client.query(
      `SELECT state, wait_event_type AS "waitEventType", wait_event AS "waitEvent", count(*)::int AS backends
         FROM pg_stat_activity WHERE datname = $1 AND application_name = 'storyline-dedupe'
        GROUP BY 1, 2, 3`,
      [this.database],
    );
    this.tally.add(rows as ActivityRow[]);
  }
}

const round = (x: number) => Math.round(x * 100) / 100;
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
