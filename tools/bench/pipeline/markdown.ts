import { markdownTable } from '../report';
import { DeadTuples } from './bench-database';
import { PhaseResult } from './phase';
import { Distribution } from './stats';

export interface PipelineReport {
  benchmark: 'pipeline';
  at: string;
  environment: { node: string; cpu: string; cores: number; loadAverage1m: number };
  settings: {
    articles: number;
    workers: number;
    seed: number;
    batchSize: number;
    preload: number;
    corpus: Record<string, number>;
    autovacuum: string;
    workerConcurrency: string;
    webhookCoalesceMs: string;
  };
  preload: PhaseResult | null;
  phases: PhaseResult[];
  deadTuples: DeadTuples & { perArticle: number; articles: number; top: { table: string; perArticle: number }[] };
  statements: { query: string; calls: number; totalMs: number; meanMs: number }[] | null;
}

const ms = (d: Distribution | null) => (d ? `${fmt(d.p50)} / ${fmt(d.p95)} / ${fmt(d.p99)}` : '—');
const fmt = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en') : String(x));
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10} %`);

/** The people-facing report: headline figures per phase, then where CPU, memory and time go. */
export function pipelineMarkdown(r: PipelineReport): string {
  const phases = r.phases;
  const header = ['measure', ...phases.map(phaseTitle)];
  const row = (label: string, cell: (p: PhaseResult) => string | number) => [label, ...phases.map(cell)];
  const out = [
    '# bench:pipeline',
    '',
    `The whole stack on one machine (${r.environment.cores} cores, ${r.environment.cpu}, Node ${r.environment.node}, load ${r.environment.loadAverage1m} at the end): ingest, query and ${r.settings.workers} cop${r.settings.workers === 1 ? 'y' : 'ies'} of each worker (concurrency ${r.settings.workerConcurrency}), own database and queue prefix, one webhook subscriber in the benchmark process (coalescing ${r.settings.webhookCoalesceMs} ms). Corpus (seed ${r.settings.seed}): ${Object.entries(
      r.settings.corpus,
    )
      .map(([k, v]) => `${v} ${k}`)
      .join(
        ', ',
      )}; batches of ${r.settings.batchSize}.${r.preload ? ` ${r.preload.articles} articles were stored before measuring (preload: ${r.preload.latency.endToEndPerSecond} articles/s end to end from an empty store).` : ''}`,
    '',
    markdownTable(header, [
      row('articles', (p) => p.articles),
      row('offered load: asked / achieved (first → last request sent)', (p) =>
        p.offeredPerSecond === null
          ? 'as fast as accepted'
          : `${p.offeredPerSecond} / ${p.offeredAchievedPerSecond ?? '—'} articles/s`,
      ),
      row('acceptance (batch POSTs only)', (p) => `${p.latency.acceptancePerSecond} articles/s`),
      row(
        'end to end (first POST → last done)',
        (p) => `${p.latency.endToEndPerSecond} articles/s (${p.latency.endToEndSeconds} s)`,
      ),
      row('done / failed / unfinished', (p) => `${p.latency.done} / ${p.latency.failed} / ${p.latency.unfinished}`),
      row('POST → done p50 / p95 / p99 ms', (p) => ms(p.latency.postToDoneMs)),
      row('POST → webhook received p50 / p95 / p99 ms', (p) => ms(p.latency.postToWebhookMs)),
      row(
        'webhook found: listed in a snapshot / by its story / not delivered when the phase drained',
        (p) => `${p.latency.webhookMatch.listed} / ${p.latency.webhookMatch.byStory} / ${p.latency.webhookMatch.none}`,
      ),
      ...Object.keys(phases[0]?.latency.stagesMs ?? {}).map((stage) =>
        row(`  ${stage} p50 / p95 / p99 ms`, (p) => ms(p.latency.stagesMs[stage])),
      ),
      row('CPU ms per article, the stack (apps, their Postgres backends, Redis)', (p) => fmt(stackCpuMsPerArticle(p))),
      row(
        'CPU ms per article, whole machine (cross-check)',
        (p) => `${fmt(p.cpu.machineMsPerArticle)} (machine ${pct(p.cpu.machineBusyShare)} busy)`,
      ),
    ]),
    '',
    `Dead tuples per article, the whole run: **${r.deadTuples.perArticle}**; top 5 tables: ${r.deadTuples.top.map((t) => `${t.table} ${t.perArticle}`).join(', ')} (autovacuum ${r.settings.autovacuum}).`,
    '',
    '## Dedupe: time decisions spent waiting for each other',
    '',
    serializationTable(phases),
    '',
    '## CPU and memory per process group',
    '',
    markdownTable(
      [
        'process group',
        ...phases.flatMap((p) => [`${phaseTitle(p)} CPU ms/article`, 'share']),
        'max RSS of one process MB',
        'peak RSS of the group MB',
      ],
      cpuGroups(phases).map((group) => [
        group,
        ...phases.flatMap((p) => {
          const g = p.cpu.groups.find((x) => x.group === group);
          const total = p.cpu.groups.reduce((s, x) => s + x.cpuMs, 0);
          return [g ? fmt(g.msPerArticle) : '—', g ? pct(g.cpuMs / total) : '—'];
        }),
        Math.max(...phases.map((p) => p.cpu.groups.find((x) => x.group === group)?.maxRssMb ?? 0)),
        Math.max(...phases.map((p) => p.cpu.groups.find((x) => x.group === group)?.peakGroupRssMb ?? 0)),
      ]),
    ),
    '',
    "## Job run time per article (workers' /metrics, all attempts)",
    '',
    markdownTable(
      ['queue', ...phases.flatMap((p) => [`${phaseTitle(p)} jobs`, 'ms/article'])],
      [...new Set(phases.flatMap((p) => p.jobs.map((j) => j.queue)))].map((queue) => [
        queue,
        ...phases.flatMap((p) => {
          const j = p.jobs.find((x) => x.queue === queue);
          return [j?.jobs ?? 0, j ? fmt(j.msPerArticle) : '—'];
        }),
      ]),
    ),
    '',
    `## Dead tuples after the run (autovacuum ${r.settings.autovacuum}${r.settings.autovacuum === 'off' ? ' on this server: nothing was cleaned up meanwhile, so this is every dead row the run made' : ': some may have been vacuumed away'})`,
    '',
    `${r.deadTuples.total.toLocaleString('en')} dead tuples for ${r.deadTuples.articles.toLocaleString('en')} articles: **${r.deadTuples.perArticle} per article**; top 5 tables per article: ${r.deadTuples.top.map((t) => `${t.table} ${t.perArticle}`).join(', ')}.`,
    '',
    markdownTable(
      ['table', 'dead', 'per article', 'live'],
      r.deadTuples.byTable
        .filter((t) => t.dead > 0)
        .slice(0, 10)
        .map((t) => [t.table, t.dead, round(t.dead / r.deadTuples.articles), t.live]),
    ),
    '',
    '## Top statements by total time',
    '',
    r.statements
      ? markdownTable(
          ['total ms', 'calls', 'mean ms', 'statement'],
          r.statements.map((s) => [s.totalMs, s.calls, s.meanMs, s.query.replace(/\s+/g, ' ').slice(0, 160)]),
        )
      : 'pg_stat_statements is not loaded on this server (it needs `shared_preload_libraries`, i.e. a restart, which the benchmark does not do): skipped.',
    '',
    '## Notes',
    '',
    "- Latencies count from the client sending the batch request to the `done_at` Postgres wrote (same clock). The stage rows are differences of the article's timestamps: each holds the queue wait before the stage and its run. `normalized_at` is the normalize transaction's start (`now()`); `clustered_at` is the decision's last write (`clock_timestamp()`, just before its commit), and `entities_at` = `done_at` the entities stage's (so entities → done is 0).",
    "- POST → webhook: the first delivered snapshot listing the article; for an article of a story over 200 articles (a snapshot lists 200), the story's first delivery after its `done_at`.",
    "- CPU is utime + stime (with waited-for children) from /proc, sampled every second; Postgres backends are found in pg_stat_activity by database and charged by `application_name`; `postgres:<background process>` rows are the server's own processes, shared with every other database on it. The whole-machine figure includes everything else running on the host (other engineers' tests), so it is only a cross-check: when it is far above the sum of the stack, the host was busy.",
    "- RSS is VmRSS; a Postgres backend's includes the shared buffers it touched, so backends' RSS overlaps.",
    "- Serialized fraction: every story decision writes `timing: { decisionMs, lockWaitMs }` into its article's `story_decision` — its duration from taking its first lock to its writes (the article's own row lock, the writes and the commit are outside it), and the time its lock statements took (advisory locks on bands and keys, FOR UPDATE on candidate stories), which is waiting for decisions holding the same bands, keys or stories plus those statements' own round trips. Σ lockWaitMs ÷ Σ decisionMs over the phase's articles is the share of clustering that ran one decision after another. Each lock statement also reports how long Postgres had been running it once its locks were taken (`clock_timestamp() - statement_timestamp()`): summed as `lockBlockedMs`, that is the waiting on other decisions' locks alone; the rest of lockWaitMs is the worker's event loop, busy with its other decisions, getting to the answer (queueing for the worker's CPU, not serialization). An article decided again after a lock conflict (deadlock, lock timeout) keeps its last attempt's timing only; a decision is first made optimistically (its stories read unlocked, locked and checked unchanged at its first write) and, when a story or member it read changed meanwhile, made again holding them: both attempts count, and the share of decisions made again is reported.",
    '- Amdahl bound = 1 ÷ serialized fraction: the most the dedupe stage can speed up over one decision at a time, however many copies or how much concurrency, if the waiting share stays what it was. It is measured at this load (more decisions at once wait more, so the bound falls as concurrency rises), and the waits include time queued behind decisions about the *same* stories, which no design can run in parallel: it is a bound on this lock design at this load, not on the pipeline.',
    "- Dedupe backends: pg_stat_activity of the bench database sampled every 100 ms (one grouped query on the benchmark's own connection), backends with application_name `storyline-dedupe`. Busy = not idle. lock: advisory = waiting for a band or key lock; lock: transactionid = waiting for a row (a candidate story) another transaction holds FOR UPDATE; lock: tuple = queued behind another waiter for that row; idle in transaction = the transaction is open and holds its locks while the worker computes in Node between statements; active, not waiting for a lock = Postgres running a statement (CPU, I/O, LWLocks).",
  ];
  return out.join('\n');
}

/** Everything but the benchmark's own process and connections, which measure rather than serve. */
function stackCpuMsPerArticle(p: PhaseResult): number {
  const serving = p.cpu.groups.filter((g) => !g.group.startsWith('bench') && g.group !== 'postgres:storyline-bench');
  return round(serving.reduce((s, g) => s + g.msPerArticle, 0));
}

export function phaseTitle(p: PhaseResult): string {
  return p.name === 'half' ? 'half load' : p.name;
}

/** Per phase: the decisions' own timing (Postgres), then what the dedupe backends were seen doing (sampled). */
export function serializationTable(phases: PhaseResult[]): string {
  const row = (label: string, cell: (p: PhaseResult) => string | number) => [label, ...phases.map(cell)];
  const states = [...new Set(phases.flatMap((p) => p.dedupeBackends.states.map((x) => x.state)))];
  return markdownTable(
    ['measure', ...phases.map(phaseTitle)],
    [
      row('articles decided (with timing)', (p) => p.serialization.decided),
      row('decision ms per article', (p) => fmt(p.serialization.decisionMsPerArticle)),
      row('lock wait ms per article', (p) => fmt(p.serialization.lockWaitMsPerArticle)),
      row('decisions made again after a stale optimistic read', (p) => pct(p.serialization.staleReadShare)),
      row('**serialized fraction** (Σ lock wait ÷ Σ decision)', (p) => pct(p.serialization.serializedFraction)),
      row("**Amdahl bound** on dedupe's speed-up over one decision at a time (1 ÷ fraction, at this load)", (p) =>
        p.serialization.amdahlBound === null ? '— (no waiting)' : `× ${fmt(p.serialization.amdahlBound)}`,
      ),
      row('of the lock wait, ms per article Postgres kept the lock statements blocked', (p) =>
        fmt(p.serialization.lockBlockedMsPerArticle),
      ),
      row('blocked fraction (Σ blocked in Postgres ÷ Σ decision)', (p) => pct(p.serialization.blockedFraction)),
      row('decision time, share of dedupe job time', (p) => pct(p.serialization.shareOfDedupeJobTime)),
      row(
        'dedupe backends (pg_stat_activity, 100 ms): samples; mean in the pools / busy',
        (p) => `${p.dedupeBackends.samples}; ${p.dedupeBackends.meanBackends} / ${p.dedupeBackends.meanBusy}`,
      ),
      row('samples with a dedupe backend waiting for a lock', (p) => pct(p.dedupeBackends.anyLockWaitShare)),
      ...states.map((state) =>
        row(`  ${state}: share of busy backend-samples (mean backends)`, (p) => {
          const x = p.dedupeBackends.states.find((y) => y.state === state);
          return x ? `${pct(x.shareOfBusy)} (${x.meanBackends})` : '—';
        }),
      ),
    ],
  );
}

function cpuGroups(phases: PhaseResult[]): string[] {
  const total = new Map<string, number>();
  for (const p of phases) for (const g of p.cpu.groups) total.set(g.group, (total.get(g.group) ?? 0) + g.cpuMs);
  return [...total].sort((a, b) => b[1] - a[1]).map(([group]) => group);
}

const round = (x: number) => Math.round(x * 100) / 100;
