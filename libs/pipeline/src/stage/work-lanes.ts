/**
 * At most `lanes` calls of `run` in flight in this process, the others waiting in arrival order: a stage that handles
 * its jobs in batches, several of which may be running, keeps no more work in flight than when it ran one job at a
 * time (dedupe: as many story decisions, and Postgres connections, as WORKER_CONCURRENCY).
 */
export class WorkLanes {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly lanes: number) {
    if (!Number.isInteger(lanes) || lanes < 1) throw new Error(`at least one lane, got ${lanes}`);
  }

  async run<O>(work: () => Promise<O>): Promise<O> {
    if (this.running >= this.lanes) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // The lane passes straight to the next waiting call, so `running` stays as it is.
      if (next) next();
      else this.running--;
    }
  }
}
