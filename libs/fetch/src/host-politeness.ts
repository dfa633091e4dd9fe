/**
 * The shared part of politeness, kept where every fetch worker sees it (Redis, in the worker), so N workers
 * together still keep to one site's limits: its open requests, the spacing between them, and a Retry-After.
 */
export interface HostSchedule {
  /** Resolves once one of the host's `limit` open requests (all workers together) is free, with its release. */
  occupy(host: string, limit: number): Promise<() => void>;
  /**
   * Resolves with 0 once this host may be sent a request, booking the next `spacingMs` for it; or, if the host is
   * held off (a Retry-After), with how long it still is, booking nothing. One answer, so that nothing stands between
   * the turn and the request.
   */
  take(host: string, spacingMs: number): Promise<number>;
  /** Keeps every worker away from the host for `ms` (a Retry-After it sent); a longer hold already set stays. */
  holdOff(host: string, ms: number): Promise<void>;
  /** How long the host still asked to be left alone; 0 when it did not. */
  heldOff(host: string): Promise<number>;
}

/** The longest Crawl-delay honoured: a site asking for more is still fetched, once a minute. */
export const MAX_CRAWL_DELAY_MS = 60_000;
/**
 * The longest Retry-After honoured on page fetches and per host: a site asking for more is tried again a day later
 * (by then the article's remaining attempts decide).
 */
export const MAX_HOST_RETRY_AFTER_MS = 86_400_000;

/** A request's turn at a host, or how long the host asked to be left alone. */
export type HostTurn = { release: () => void } | { heldOffMs: number };

/**
 * Politeness towards one site: at most `concurrency` requests open to a host at once and at least `delayMs` (or
 * the site's Crawl-delay, up to a minute) between the starts of any two requests to it, from all workers together;
 * none at all while it holds everyone off after a Retry-After. Requests of this process wait their turn in arrival
 * order, and so do the workers waiting for one of the host's shared slots.
 */
export class HostPoliteness {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();
  /** Requests of this process that have not had their turn yet, wherever they wait: the per-host metric. */
  private readonly pending = new Map<string, number>();

  constructor(
    private readonly schedule: HostSchedule,
    private readonly concurrency: number,
    private readonly delayMs: number,
  ) {}

  /**
   * Waits for the host's turn; the caller must call the returned release when its request is over. A host that
   * is held off, or becomes so while the request waits, gives the time it asked for instead of a turn.
   */
  async enter(host: string, crawlDelayMs = 0): Promise<HostTurn> {
    this.count(host, 1);
    try {
      await this.slot(host);
      let shared: (() => void) | undefined;
      try {
        shared = await this.schedule.occupy(host, this.concurrency);
        const spacingMs = Math.max(this.delayMs, Math.min(crawlDelayMs, MAX_CRAWL_DELAY_MS));
        const heldOffMs = await this.schedule.take(host, spacingMs);
        if (heldOffMs > 0) {
          shared();
          this.leave(host);
          return { heldOffMs };
        }
      } catch (error) {
        shared?.();
        this.leave(host);
        throw error;
      }
      let released = false;
      const free = shared;
      return {
        release: () => {
          if (released) return;
          released = true;
          free();
          this.leave(host);
        },
      };
    } finally {
      this.count(host, -1);
    }
  }

  /** Keeps every worker away from the host for a Retry-After it sent (up to a day). */
  holdOff(host: string, retryAfterMs: number): Promise<void> {
    return this.schedule.holdOff(host, Math.min(retryAfterMs, MAX_HOST_RETRY_AFTER_MS));
  }

  heldOff(host: string): Promise<number> {
    return this.schedule.heldOff(host);
  }

  /** Requests of this process waiting for their turn, per host. */
  queueDepths(): Map<string, number> {
    return new Map(this.pending);
  }

  private count(host: string, by: number): void {
    const depth = (this.pending.get(host) ?? 0) + by;
    if (depth > 0) this.pending.set(host, depth);
    else this.pending.delete(host);
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

/**
 * A schedule for one process alone (tests, a single worker): the same spacing and holds, kept in memory. Its open
 * requests need no second count: HostPoliteness already keeps this process's to the limit.
 */
export class LocalHostSchedule implements HostSchedule {
  private readonly next = new Map<string, number>();
  private readonly holds = new Map<string, number>();

  occupy(): Promise<() => void> {
    return Promise.resolve(() => undefined);
  }

  async take(host: string, spacingMs: number): Promise<number> {
    for (;;) {
      const now = Date.now();
      const heldOffMs = (this.holds.get(host) ?? 0) - now;
      if (heldOffMs > 0) return heldOffMs;
      const at = this.next.get(host) ?? 0;
      if (at <= now) {
        this.next.set(host, now + spacingMs);
        return 0;
      }
      await new Promise((resolve) => setTimeout(resolve, at - now));
    }
  }

  holdOff(host: string, ms: number): Promise<void> {
    this.holds.set(host, Math.max(this.holds.get(host) ?? 0, Date.now() + ms));
    return Promise.resolve();
  }

  heldOff(host: string): Promise<number> {
    return Promise.resolve(Math.max(0, (this.holds.get(host) ?? 0) - Date.now()));
  }
}
