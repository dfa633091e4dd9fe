import { GroupingComparison } from './grouping';
import { SIGTERM_GRACE_MS } from './disrupter';
import { RunResult } from './run';

/** One of #24's requirements, judged on a run: whether it held, and the figures that say so. */
export interface Verdict {
  ok: boolean;
  figures: string;
}

export interface Check {
  requirement: string;
  chaos: Verdict;
  /** The same check on the calm run: a failure there too is not the disruptions' doing. */
  calm: Verdict | null;
}

const list = (parts: [string, number][]) => parts.map(([label, n]) => `${label} ${n}`).join(', ');
const zero = (parts: [string, number][]): Verdict => ({ ok: parts.every(([, n]) => n === 0), figures: list(parts) });

/** The checks that read one run. */
const RUN_CHECKS: { requirement: string; judge: (r: RunResult) => Verdict }[] = [
  {
    requirement: 'every accepted article reaches a final state exactly once',
    judge: (r) => {
      const f = r.facts;
      const parts: [string, number][] = [
        ['accepted', r.posting.accepted],
        ['distinct ids', r.posting.distinctIds],
        ['rows', f.articles.total],
        ['done', f.articles.byStatus.done ?? 0],
        ['failed', f.articles.byStatus.failed ?? 0],
        ['unfinished', f.unfinished.length],
        ['refused items', r.posting.rejected.length],
        ['article.failed events not one per failed article', f.failedEventMismatches.length],
        ['done outside a live story', f.doneWithoutLiveStory.length],
        ['story members filed elsewhere', f.membersElsewhere.length],
      ];
      const ok =
        r.posting.distinctIds === r.posting.accepted &&
        f.articles.total === r.posting.accepted &&
        parts.slice(5).every(([, n]) => n === 0);
      return { ok, figures: list(parts) };
    },
  },
  {
    requirement: 'none is stuck: no article without a job for more than 2 × SWEEP_INTERVAL_MS',
    judge: (r) => ({
      ok: r.settled && r.jobless.overLimitCount === 0,
      figures:
        `limit ${r.jobless.limitMs / 1000} s; over it ${r.jobless.overLimitCount}; longest ` +
        `${r.jobless.longest ? `${Math.round(r.jobless.longest.ms / 100) / 10} s (${r.jobless.longest.status})` : '—'}; ` +
        `articles job-less at ≥ 2 polls ${r.jobless.lasting}; ${r.settled ? 'settled' : `NOT settled: ${r.endedBecause}`}`,
    }),
  },
  {
    requirement: "every story's latest version is delivered",
    judge: (r) => {
      const d = r.deliveries;
      const byStatus = r.facts.deliveries.byStatus;
      const verdict = zero([
        ['latest version not received', d.latestMissingCount],
        ['last snapshot listing other articles', d.snapshotMismatchCount],
        ['delivered but not received', d.deliveredNotReceived],
        ['deliveries pending', byStatus.pending ?? 0],
        ['deliveries failed', byStatus.failed ?? 0],
      ]);
      return {
        ok: verdict.ok,
        figures:
          `${d.stories} stories; ${verdict.figures}; at least once: events received twice ${d.receivedTwice}, ` +
          `an older version after a newer ${d.outOfOrder}`,
      };
    },
  },
  {
    requirement: 'no duplicate stories',
    judge: (r) => {
      const s = r.facts.stories;
      return zero([
        ['live stories without a done article', s.empty.length],
        ['story.created twice', s.createdTwice.length],
        ['a version in two events', s.versionsTwice.length],
        ['version without its event', s.versionWithoutEvent.length],
        ['article_count off', s.countMismatches.length],
      ]);
    },
  },
  {
    requirement: 'no duplicate links',
    judge: (r) => {
      const l = r.facts.links;
      const verdict = zero([
        ['self, chained or two-way', l.malformed],
        ['canonical_id ≠ link', l.canonicalMismatches],
        ['copies in another story than their canonical', l.splitFromCanonical],
      ]);
      return { ok: verdict.ok, figures: `${l.total} links; ${verdict.figures}` };
    },
  },
  {
    requirement: 'no duplicate mentions',
    judge: (r) => {
      const m = r.facts.mentions;
      const parts: [string, number][] = [
        ['duplicate rows', m.duplicates],
        ['entity mention_count off', m.entityCountMismatches],
        ['alias counts off', m.aliasCountMismatches],
        ['story_entity off', m.storyEntityMismatches],
        ['entity_articles off', m.entityArticleMismatches],
        ['done but not filed in its story', m.unfiled],
      ];
      return { ...zero(parts), figures: `${m.total} mentions; ${list(parts)}` };
    },
  },
  {
    requirement: 'the processes behaved: no app exited on its own; every SIGTERMed worker stopped within 10 s',
    judge: (r) => {
      const terms = r.disruptions.filter((d) => d.kind === 'worker-sigterm' && d.done);
      const late = terms.filter((d) => d.stoppedAfterMs === null || d.stoppedAfterMs! > SIGTERM_GRACE_MS);
      const slowest = Math.max(0, ...terms.map((d) => d.stoppedAfterMs ?? SIGTERM_GRACE_MS));
      return {
        ok: r.unexpectedExits.length === 0 && late.length === 0,
        figures:
          `exited on their own ${r.unexpectedExits.length}; SIGTERMs ${terms.length}, not stopped within ` +
          `${SIGTERM_GRACE_MS / 1000} s ${late.length} (slowest ${Math.round(slowest / 100) / 10} s)`,
      };
    },
  },
  {
    requirement: 'ingest never answered 500',
    judge: (r) => ({
      ok: !r.posting.retried['500'],
      figures: `tries retried: ${
        Object.entries(r.posting.retried)
          .map(([status, n]) => `${status} × ${n}`)
          .join(', ') || 'none'
      } (of ${r.posting.requests} requests)`,
    }),
  },
];

export function runChecks(chaos: RunResult, calm: RunResult | null, grouping: GroupingComparison): Check[] {
  const checks = RUN_CHECKS.map(({ requirement, judge }) => ({
    requirement,
    chaos: judge(chaos),
    calm: calm && judge(calm),
  }));
  const g = grouping;
  checks.push({
    requirement: "the grouping matches a calm run's (B³ F1 against gold within 0.01)",
    chaos: {
      ok: g.goldF1Difference !== null && g.goldF1Difference <= 0.01,
      figures:
        `B³ F1 against gold ${g.chaosVsGold.f1}` +
        (g.calmVsGold ? ` (calm ${g.calmVsGold.f1}, difference ${g.goldF1Difference})` : ' (no calm run)') +
        (g.chaosVsCalm ? `; against the calm run's grouping ${g.chaosVsCalm.f1}` : ''),
    },
    calm: null,
  });
  return checks;
}
