import { Client } from 'pg';

/** How often advisory locks were seen held and waited for. */
export interface LockOccupancy {
  samples: number;
  intervalMs: number;
  /** Share of samples in which some advisory lock of the database was held. */
  heldShare: number;
  /** Mean number of backends waiting for one. */
  meanWaiting: number;
}

/**
 * Estimates, by sampling pg_locks, how much of the time an advisory lock of the database is held: a global
 * lock held a share s of a phase of T seconds costs s·T / articles per article, whoever instruments it. It
 * complements storyline_serialized_section_seconds (exact, but only where the code reports it) and sees the
 * dedupe lock today. Ten cheap queries a second on a connection of its own; its CPU shows as storyline-bench.
 */
export class LockSampler {
  private held = 0;
  private waiting = 0;
  private samples = 0;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  private constructor(
    private readonly client: Client,
    private readonly database: string,
    private readonly intervalMs: number,
  ) {}

  static async connect(url: string, intervalMs = 100): Promise<LockSampler> {
    const client = new Client({ connectionString: url, application_name: 'storyline-bench' });
    await client.connect();
    return new LockSampler(client, new URL(url).pathname.slice(1), intervalMs);
  }

  start(): void {
    this.held = this.waiting = this.samples = 0;
    this.timer = setInterval(() => {
      this.running ??= this.sample().finally(() => (this.running = undefined));
    }, this.intervalMs);
  }

  async stop(): Promise<LockOccupancy> {
    clearInterval(this.timer);
    await this.running;
    return {
      samples: this.samples,
      intervalMs: this.intervalMs,
      heldShare: this.samples ? this.held / this.samples : 0,
      meanWaiting: this.samples ? this.waiting / this.samples : 0,
    };
  }

  async end(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.client.end();
  }

  private async sample(): Promise<void> {
    const { rows } = await this.client.query(
      `SELECT count(*) FILTER (WHERE granted)::int AS held, count(*) FILTER (WHERE NOT granted)::int AS waiting
         FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = $1)`,
      [this.database],
    );
    this.samples++;
    if (rows[0].held > 0) this.held++;
    this.waiting += rows[0].waiting as number;
  }
}
