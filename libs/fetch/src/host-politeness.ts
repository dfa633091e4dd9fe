/**
 * The shared part of politeness: the moment each host may next be sent a request, kept where every fetch
 * worker sees it (Redis, in the worker), so N workers together still space their requests to one site.
 */
export interface HostSchedule {
  /** Resolves once this host may be sent a request, and books the next `spacingMs` for it. */
  take(host: string, spacingMs: number): Promise<void>;
}

/** The longest Crawl-delay honoured: a site asking for more is still fetched, once a minute. */
export const MAX_CRAWL_DELAY_MS = 60_000;

/**
 * Politeness towards one site: at most `concurrency` requests to a host at once from this process, and at least
 * `delayMs` (or the site's Crawl-delay, up to a minute) between the start of any two requests to it from all
 * workers together. Requests wait their turn in arrival order; how many wait per host is a metric.
 */
export class HostPoliteness {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(
    private readonly schedule: HostSchedule,
    private readonly concurrency: number,
    private readonly delayMs: number,
  ) {}

  /** Waits for the host's turn; the caller must call the returned release when its request is over. */
  async enter(host: string, crawlDelayMs = 0): Promise<() => void> {
    await this.slot(host);
    try {
      await this.schedule.take(host, Math.max(this.delayMs, Math.min(crawlDelayMs, MAX_CRAWL_DELAY_MS)));
    } catch (error) {
      this.leave(host);
      throw error;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.leave(host);
    };
  }

  /** Requests waiting for their turn, per host. */
  queueDepths(): Map<string, number> {
    return new Map([...this.waiting].map(([host, queue]) => [host, queue.length]));
  }

  private slot(host: string): Promise<void> {
    const running = this.active.get(host) ?? 0;
    if (running < this.concurrency) {
      this.active.set(host, running + 1);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const queue = this.waiting.get(host) ?? [];
      queue.push(resolve);
      this.waiting.set(host, queue);
    });
  }

  private leave(host: string): void {
    const queue = this.waiting.get(host);
    const next = queue?.shift();
    if (queue && queue.length === 0) this.waiting.delete(host);
    // The slot passes straight to the next in line: the count of active requests stays as it is.
    if (next) next();
    else {
      const running = (this.active.get(host) ?? 1) - 1;
      if (running > 0) this.active.set(host, running);
      else this.active.delete(host);
    }
  }
}

/** A schedule for one process alone (tests, a single worker): the same spacing, kept in memory. */
export class LocalHostSchedule implements HostSchedule {
  private readonly next = new Map<string, number>();

  async take(host: string, spacingMs: number): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next.get(host) ?? 0);
    this.next.set(host, at + spacingMs);
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }
}
