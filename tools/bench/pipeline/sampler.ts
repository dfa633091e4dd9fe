import { BenchDatabase } from './bench-database';
import { ProcessReading, Sample } from './cpu-attribution';
import { readMachineCpu, readProcess } from './proc';

/** What to sample besides the database's backends: the stack's apps, Redis, this process. */
export interface SampledProcess {
  name: string;
  group: string;
  pid: number;
}

/**
 * Reads /proc for every process of the stack once a second (each read is a few file reads and one
 * pg_stat_activity query): often enough that a backend a pool opens and closes within a phase is still seen.
 */
export class ProcessSampler {
  readonly samples: Sample[] = [];
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  /** The first failed sample between start() and stop(): stop() throws it, where the phase can report it. */
  private failure?: unknown;

  constructor(
    private readonly db: BenchDatabase,
    private readonly fixed: () => SampledProcess[],
    private readonly intervalMs = 1000,
  ) {}

  async start(): Promise<void> {
    await this.sample();
    this.timer = setInterval(() => {
      // A slow sample (a busy Postgres) is skipped rather than queued behind.
      // A failure is kept for stop(): thrown from a timer it would end the process, also while the run is being
      // interrupted and cleaned up (the database connection closed under a sample).
      this.running ??= this.sample()
        .catch((error: unknown) => void (this.failure ??= error))
        .finally(() => (this.running = undefined));
    }, this.intervalMs);
  }

  /** Takes a last sample and stops; the samples cover the phase from start() to here. */
  async stop(): Promise<Sample[]> {
    clearInterval(this.timer);
    await this.running;
    if (this.failure) throw this.failure;
    await this.sample();
    return this.samples;
  }

  private async sample(): Promise<void> {
    const backends = await this.db.backends();
    const targets: SampledProcess[] = [
      ...this.fixed(),
      ...backends.map((b) => ({ name: `${b.group}#${b.pid}`, group: b.group, pid: b.pid })),
    ];
    const processes: ProcessReading[] = [];
    for (const target of targets) {
      const reading = readProcess(target.pid);
      if (reading) processes.push({ ...target, ...reading });
    }
    this.samples.push({ at: Date.now(), processes, machine: readMachineCpu() });
  }
}
