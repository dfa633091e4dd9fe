/** An article not yet done or failed, as the watch reads it from Postgres. */
export interface UnfinishedArticle {
  id: string;
  status: string;
  revision: number;
}

/** A stretch of time an article waited at one status and revision with no job of its own queued or running. */
export interface OrphanSpan {
  articleId: string;
  status: string;
  revision: number;
  /** First and last poll that saw it so, epoch ms. */
  since: number;
  lastSeen: number;
  ms: number;
}

/** How many spans over the limit are kept as evidence (all are counted). */
const EVIDENCE = 50;

/**
 * Times how long unfinished articles go without a job (none waiting, delayed, prioritized or running for them):
 * the stretch the sweeper must end, re-queueing them within SWEEP_INTERVAL_MS of their last progress. An article
 * counts as stuck when one stretch, seen from poll to poll at the same status and revision, passes `limitMs`.
 * A poll reads Postgres before Redis, so an article that moved on in between looks job-less for that one poll;
 * such stretches stay at 0 ms and only the longest is reported.
 */
export class OrphanClock {
  private readonly open = new Map<string, OrphanSpan>();
  private longestSpan: OrphanSpan | null = null;
  private readonly overLimit: OrphanSpan[] = [];
  private overLimitCount = 0;
  /** Articles seen job-less at two polls or more in a row. */
  private lasting = 0;

  constructor(readonly limitMs: number) {}

  /** One poll: the unfinished articles, and whether each has a job of its own in Redis. */
  observe(now: number, unfinished: readonly UnfinishedArticle[], hasJob: (a: UnfinishedArticle) => boolean): void {
    const seen = new Set<string>();
    for (const article of unfinished) {
      if (hasJob(article)) continue;
      seen.add(article.id);
      const span = this.open.get(article.id);
      if (span && span.status === article.status && span.revision === article.revision) {
        if (span.ms === 0) this.lasting++;
        span.lastSeen = now;
        span.ms = now - span.since;
      } else {
        if (span) this.close(span);
        this.open.set(article.id, {
          articleId: article.id,
          status: article.status,
          revision: article.revision,
          since: now,
          lastSeen: now,
          ms: 0,
        });
      }
    }
    for (const [id, span] of this.open) {
      if (!seen.has(id)) {
        this.open.delete(id);
        this.close(span);
      }
    }
  }

  /** The stretches so far, those still open included. */
  summary(): { lasting: number; longest: OrphanSpan | null; overLimit: OrphanSpan[]; overLimitCount: number } {
    const open = [...this.open.values()];
    const longest = [this.longestSpan, ...open].reduce<OrphanSpan | null>(
      (best, s) => (s && (!best || s.ms > best.ms) ? s : best),
      null,
    );
    const openOver = open.filter((s) => s.ms > this.limitMs);
    return {
      lasting: this.lasting,
      longest: longest && { ...longest },
      overLimit: [...this.overLimit, ...openOver].slice(0, EVIDENCE).map((s) => ({ ...s })),
      overLimitCount: this.overLimitCount + openOver.length,
    };
  }

  private close(span: OrphanSpan): void {
    if (!this.longestSpan || span.ms > this.longestSpan.ms) this.longestSpan = span;
    if (span.ms > this.limitMs) {
      this.overLimitCount++;
      if (this.overLimit.length < EVIDENCE) this.overLimit.push(span);
    }
  }
}
