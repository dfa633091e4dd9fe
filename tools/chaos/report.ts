import { markdownTable } from '../bench/report';
import { Check } from './checks';
import { DisruptionSettings } from './run';
import { DisruptionKind } from './disruption-plan';
import { GroupingComparison } from './grouping';
import { RunResult } from './run';

export type RunReport = Omit<RunResult, 'grouping' | 'links'>;

export interface ChaosReport {
  benchmark: 'chaos';
  at: string;
  environment: { node: string; cpu: string; cores: number; loadAverage1m: number };
  settings: DisruptionSettings & { articles: number; corpus: Record<string, number> };
  passed: boolean;
  checks: Check[];
  grouping: GroupingComparison;
  runs: { chaos: RunReport; calm: RunReport | null };
}

const mark = (ok: boolean) => (ok ? '✅' : '❌');
const s = (ms: number | null | undefined) => (ms === null || ms === undefined ? '—' : `${Math.round(ms / 100) / 10} s`);

export function chaosMarkdown(r: ChaosReport): string {
  const chaos = r.runs.chaos;
  const calm = r.runs.calm;
  const out = [
    '# chaos',
    '',
    `${r.settings.articles.toLocaleString('en')} articles (seed ${r.settings.seed}: ${Object.entries(r.settings.corpus)
      .map(([k, v]) => `${v} ${k}`)
      .join(
        ', ',
      )}) offered at ${r.settings.rate}/s to the whole stack (${r.settings.workers} cop${r.settings.workers === 1 ? 'y' : 'ies'} of each worker, own database, own redis-server, SWEEP_INTERVAL_MS ${r.settings.sweepIntervalMs}) on ${r.environment.cores} cores (${r.environment.cpu}, Node ${r.environment.node}, load ${r.environment.loadAverage1m} at the end). The chaos run drew a disruption every ${r.settings.everySeconds} s on average until everything was posted and ${Math.round(r.settings.until * 100)} % of the articles were final${calm ? '; the calm run posted the same corpus undisturbed' : '; no calm run'}.`,
    '',
    `**${r.passed ? 'Every check passed.' : 'Some checks failed.'}**`,
    '',
    markdownTable(
      ['requirement', 'chaos run', ...(calm ? ['calm run'] : [])],
      r.checks.map((c) => [
        c.requirement,
        `${mark(c.chaos.ok)} ${c.chaos.figures}`,
        ...(calm ? [c.calm ? `${mark(c.calm.ok)} ${c.calm.figures}` : '—'] : []),
      ]),
    ),
    '',
    '## Runs',
    '',
    markdownTable(
      ['', 'chaos run', ...(calm ? ['calm run'] : [])],
      [
        ['first POST → all posted', ...[chaos, calm].filter(Boolean).map((x) => `${x!.seconds.posted} s`)],
        ['→ disruptions ended', `${chaos.seconds.disruptionsEnded ?? '—'} s`, ...(calm ? ['—'] : [])],
        ['→ settled (or gave up)', ...[chaos, calm].filter(Boolean).map((x) => `${x!.seconds.settled} s`)],
        [
          'end to end',
          ...[chaos, calm]
            .filter(Boolean)
            .map((x) => `${Math.round((x!.posting.accepted / x!.seconds.settled) * 10) / 10} articles/s`),
        ],
        [
          'webhook events received (refused while failing)',
          ...[chaos, calm]
            .filter(Boolean)
            .map((x) => `${x!.deliveries.received} (${x!.deliveries.refusedWhileFailing})`),
        ],
        [
          'live / merged stories',
          ...[chaos, calm].filter(Boolean).map((x) => `${x!.facts.stories.live} / ${x!.facts.stories.merged}`),
        ],
      ],
    ),
    '',
    `Grouping: B³ against gold, chaos P ${r.grouping.chaosVsGold.precision} R ${r.grouping.chaosVsGold.recall} F1 ${r.grouping.chaosVsGold.f1} over ${r.grouping.chaosVsGold.items} articles${r.grouping.calmVsGold ? `; calm P ${r.grouping.calmVsGold.precision} R ${r.grouping.calmVsGold.recall} F1 ${r.grouping.calmVsGold.f1}` : ''}${r.grouping.chaosVsCalm ? `; chaos against calm F1 ${r.grouping.chaosVsCalm.f1} (P ${r.grouping.chaosVsCalm.precision}, R ${r.grouping.chaosVsCalm.recall})` : ''}${r.grouping.linksVsCalm ? `. Syndication links, chaos against calm: P ${r.grouping.linksVsCalm.precision} R ${r.grouping.linksVsCalm.recall} (${r.grouping.linksVsCalm.chaos} / ${r.grouping.linksVsCalm.calm})` : ''}.`,
    '',
    '## Disruptions (chaos run)',
    '',
    disruptionTable(chaos),
    '',
    `Timeline (seconds from the first POST): ${chaos.disruptions.map(moment).join('; ')}.`,
    '',
    ...evidence(chaos, 'chaos run'),
    ...(calm ? evidence(calm, 'calm run') : []),
  ];
  return out.join('\n');
}

function disruptionTable(run: RunReport): string {
  const kinds: DisruptionKind[] = [
    'worker-sigkill',
    'worker-sigterm',
    'redis-restart',
    'postgres-terminate',
    'receiver-failure',
  ];
  const rows = kinds.map((kind) => {
    const all = run.disruptions.filter((d) => d.kind === kind);
    const done = all.filter((d) => d.done);
    const detail = (() => {
      switch (kind) {
        case 'worker-sigkill':
        case 'worker-sigterm': {
          const byWorker = new Map<string, number>();
          for (const d of done) byWorker.set(d.target!, (byWorker.get(d.target!) ?? 0) + 1);
          const names = [...byWorker].map(([w, n]) => `${w} ${n}`).join(', ');
          if (kind === 'worker-sigkill') return names;
          const times = done.map((d) => d.stoppedAfterMs).filter((t): t is number => typeof t === 'number');
          const sorted = [...times].sort((a, b) => a - b);
          return `${names}; stopped after ${s(sorted[Math.floor(sorted.length / 2)])} median, ${s(sorted[sorted.length - 1])} at most; not within 10 s: ${done.length - times.filter((t) => t <= 10_000).length}`;
        }
        case 'redis-restart':
          return `down ${done.map((d) => s(d.forMs)).join(', ')}`;
        case 'postgres-terminate':
          return `${done.reduce((n, d) => n + (d.backends ?? 0), 0)} connections ended in all`;
        case 'receiver-failure':
          return `${done.map((d) => `${d.failure} ${s(d.forMs)}`).join(', ')}; ${done.reduce((n, d) => n + (d.refused ?? 0), 0)} calls refused`;
      }
    })();
    return [kind, done.length, all.length - done.length, detail];
  });
  return markdownTable(['disruption', 'done', 'skipped (target already down)', 'detail'], rows);
}

/** One disruption in a few words, for the timeline. */
function moment(d: RunReport['disruptions'][number]): string {
  if (!d.done) return `${d.at} ${d.kind} skipped (${d.target ?? 'the receiver'} already down)`;
  const what = (() => {
    switch (d.kind) {
      case 'worker-sigkill':
        return `${d.target} SIGKILL`;
      case 'worker-sigterm':
        return `${d.target} SIGTERM (stopped in ${s(d.stoppedAfterMs)})`;
      case 'redis-restart':
        return `Redis down ${s(d.forMs)}`;
      case 'postgres-terminate':
        return `${d.backends} Postgres connections ended`;
      case 'receiver-failure':
        return `receiver ${d.failure} ${s(d.forMs)}`;
    }
  })();
  return `${d.at} ${what}`;
}

/** What a reader needs to chase a failed check: ids, states, job states. */
function evidence(run: RunReport, label: string): string[] {
  const out: string[] = [];
  const section = (title: string, lines: string[]) => {
    if (lines.length) out.push(`### ${title} (${label})`, '', ...lines.map((l) => `- ${l}`), '');
  };
  const ids = (list: string[]) =>
    list.length > 10 ? `${list.slice(0, 10).join(', ')} … (${list.length})` : list.join(', ');
  const f = run.facts;
  section(
    'Unfinished articles and their jobs',
    f.unfinished.map(
      (a) =>
        `${a.id} ${a.status} r${a.revision}: ${(run.unfinishedJobs[a.id] ?? [])
          .map(
            (j) =>
              `${j.jobId.split('.').slice(0, 2).join('.')} ${j.state}${j.attemptsMade !== undefined ? ` (attempts ${j.attemptsMade}, stalls ${j.stalledCounter})` : ''}${j.failedReason ? ` "${j.failedReason}"` : ''}`,
          )
          .join('; ')}`,
    ),
  );
  section(
    `Articles without a job for more than ${run.jobless.limitMs / 1000} s`,
    run.jobless.overLimit.map(
      (o) =>
        `${o.articleId} ${o.status} r${o.revision}: ${s(o.ms)}, seen so from ${s(o.since - run.startedAt)} to ${s(o.lastSeen - run.startedAt)}`,
    ),
  );
  section(
    'Failed articles',
    f.failed.map((a) => `${a.id} at ${a.failedStage}: ${(a.error ?? '').slice(0, 200)}`),
  );
  section(
    'Articles whose article.failed events do not match their state',
    f.failedEventMismatches.map((m) => `${m.id} ${m.status}: ${m.events} event(s)`),
  );
  section(
    'Done articles outside a live story',
    f.doneWithoutLiveStory.map((a) => `${a.id} in ${a.storyId ?? 'no story'}`),
  );
  section(
    'Story rows naming another story than their article',
    f.membersElsewhere.map(
      (m) => `${m.articleId}: ${m.row} in ${m.rowStory}, the article in ${m.articleStory ?? 'none'}`,
    ),
  );
  section(
    `Copies in another story than their canonical (first 10 of ${f.links.splitFromCanonical})`,
    f.links.splitExamples.map(
      (x) => `${x.copyId} in ${x.copyStory}; its canonical ${x.canonicalId} in ${x.canonicalStory}`,
    ),
  );
  section('Live stories without a done article', f.stories.empty);
  section('Stories with story.created twice', f.stories.createdTwice);
  section(
    'Story versions carried by more than one event',
    f.stories.versionsTwice.map((v) => `${v.storyId} v${v.version}: ${v.events} events`),
  );
  section(
    'Story versions without their event',
    f.stories.versionWithoutEvent.map((v) => `${v.storyId} v${v.version}: newest event v${v.newestEvent ?? 'none'}`),
  );
  section(
    'Stories whose article_count is off',
    f.stories.countMismatches.map((c) => `${c.storyId}: article_count ${c.articleCount}, ${c.articles} articles`),
  );
  section(
    'Stories whose latest version was not received',
    run.deliveries.latestMissing.map((m) => `${m.storyId} v${m.version}, received up to ${m.latestReceived ?? 'none'}`),
  );
  section(
    "Stories whose last snapshot lists other articles than the story's",
    run.deliveries.snapshotMismatches.map(
      (m) =>
        `${m.storyId} v${m.version}: not listed ${ids(m.missing) || '—'}; listed but elsewhere ${ids(m.extra) || '—'}`,
    ),
  );
  section(
    'Apps that exited on their own',
    run.unexpectedExits.map((e) => `${e.app} at ${e.at} s: ${e.exit}`),
  );
  return out;
}
