/**
 * Sums of the `timing` every story decision writes into its article's `story_decision` (DecisionLocks): how long
 * the decision took, and how much of that it spent waiting for locks other decisions held.
 */
export interface DecisionTimingSums {
  /** Articles of the phase whose decision carries a timing (every decided article; not those decided before). */
  decided: number;
  decisionMs: number;
  lockWaitMs: number;
  /** Of lockWaitMs, the time Postgres kept the lock statements blocked (without the worker's event loop delay). */
  lockBlockedMs: number;
  /** Decisions made again, holding their stories, because a story they read unlocked changed meanwhile. */
  staleReads: number;
}

export interface Serialization {
  decided: number;
  decisionMsPerArticle: number;
  lockWaitMsPerArticle: number;
  lockBlockedMsPerArticle: number;
  /** Share of decisions whose optimistic attempt went stale and was made again holding its stories. */
  staleReadShare: number | null;
  /** Σ lockWaitMs ÷ Σ decisionMs: the share of clustering time spent queued behind other decisions. */
  serializedFraction: number | null;
  /**
   * Amdahl's bound on the dedupe stage's speed-up over one decision at a time, 1 / serializedFraction: however many
   * decisions run at once, the waiting share does not shrink. Null when nothing waited (no bound measured).
   */
  amdahlBound: number | null;
  /**
   * Σ lockBlockedMs ÷ Σ decisionMs: the share of clustering time Postgres kept decisions blocked behind each other's
   * locks. The rest of serializedFraction is the worker's event loop, busy with its other decisions, getting to
   * answers: queueing for the worker's CPU, which more processes on more cores remove.
   */
  blockedFraction: number | null;
  /** Σ decisionMs ÷ the dedupe queue's job time: how much of a dedupe job the decision is. */
  shareOfDedupeJobTime: number | null;
}

export function serialization(sums: DecisionTimingSums, dedupeJobSeconds: number): Serialization {
  const per = (ms: number) => (sums.decided ? round(ms / sums.decided) : 0);
  const fraction = sums.decisionMs > 0 ? sums.lockWaitMs / sums.decisionMs : null;
  return {
    decided: sums.decided,
    decisionMsPerArticle: per(sums.decisionMs),
    lockWaitMsPerArticle: per(sums.lockWaitMs),
    lockBlockedMsPerArticle: per(sums.lockBlockedMs),
    staleReadShare: sums.decided ? round4(sums.staleReads / sums.decided) : null,
    serializedFraction: fraction === null ? null : round4(fraction),
    amdahlBound: fraction ? round(1 / fraction) : null,
    blockedFraction: sums.decisionMs > 0 ? round4(sums.lockBlockedMs / sums.decisionMs) : null,
    shareOfDedupeJobTime: dedupeJobSeconds > 0 ? round4(sums.decisionMs / (dedupeJobSeconds * 1000)) : null,
  };
}

const round = (x: number) => Math.round(x * 100) / 100;
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
