/** What one item of a batch came to: its result, or the error its own job fails with. */
export type BatchOutcome<O> = { ok: true; value: O } | { ok: false; error: unknown };

export interface JobBatcherOptions {
  /** Items in one batch at most (a stage's worker runs this many jobs at once, so a full batch is every job). */
  maxSize: number;
  /** How long the first item of a batch waits for others before the batch runs without them. */
  windowMs: number;
}

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers the jobs one worker process runs at once into batches for its stage's use case, so the stage pays its round
 * trips — the read, the write, the hand-on to the next queue — once per batch instead of once per article, while
 * each job keeps its own outcome: BullMQ retries, fails and records every article on its own, as without batching.
 *
 * A batch runs when it holds `maxSize` items, or `windowMs` after its first item arrived. A worker with a backlog
 * takes its jobs from Redis one round trip after another, so the first job of a batch waits briefly for the ones
 * behind it; on an idle stage a lone job waits the window and no more.
 *
 * `handle` answers one outcome per item, in order. When it throws, every item of the batch fails with that error.
 */
export class JobBatcher<I, O> {
  private waiting: Waiting<I, O>[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly handle: (items: I[]) => Promise<BatchOutcome<O>[]>,
    private readonly options: JobBatcherOptions,
  ) {
    if (!Number.isInteger(options.maxSize) || options.maxSize < 1) {
      throw new Error(`a batch holds at least one item, got maxSize ${options.maxSize}`);
    }
  }

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length >= this.options.maxSize) this.run();
      else this.timer ??= setTimeout(() => this.run(), this.options.windowMs);
    });
  }

  private run(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length === 0) return;
    void this.settle(batch);
  }

  private async settle(batch: Waiting<I, O>[]): Promise<void> {
    let outcomes: BatchOutcome<O>[];
    try {
      outcomes = await this.handle(batch.map((w) => w.item));
      if (outcomes.length !== batch.length) {
        throw new Error(`a batch of ${batch.length} came back with ${outcomes.length} outcomes`);
      }
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    }
    outcomes.forEach((outcome, i) => (outcome.ok ? batch[i].resolve(outcome.value) : batch[i].reject(outcome.error)));
  }
}

/** Runs `work` and catches its error into an outcome, so one item's failure stays that item's. */
export async function outcomeOf<O>(work: () => O | Promise<O>): Promise<BatchOutcome<O>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error };
  }
}
