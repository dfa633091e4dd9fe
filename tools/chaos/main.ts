// `npm run chaos`: the stack under disruption, then checks that nothing accepted was lost, stuck or duplicated
// (issue #24). See USAGE and the README's "Chaos". Writes bench/reports/<--report-name, default chaos>.json and .md.
import { loadConfig } from '@storyline/config';
import { environment, writeReport } from '../bench/report';
import { benchCorpus, countKinds, take } from '../bench/pipeline/corpus';
import { freePorts } from '../bench/pipeline/ports';
import { loadEcbPlus, loadUciHeadlines } from '../eval/datasets';
import { runChecks } from './checks';
import { compareGroupings } from './grouping';
import { ChaosOptions, parseChaosArgs, UsageError, USAGE } from './options';
import { OwnRedisServer } from './redis-server';
import { ChaosReport, chaosMarkdown, RunReport } from './report';
import { DisruptionSettings, RunKind, RunResult, runOnce } from './run';

const log = (line: string) => process.stdout.write(`chaos | ${line}\n`);

async function run(options: ChaosOptions, redis: OwnRedisServer, interrupted: AbortSignal): Promise<ChaosReport> {
  const articles = take(benchCorpus(loadEcbPlus(), loadUciHeadlines(), options.seed), options.articles);
  const gold = new Map(articles.map((a) => [`${a.source}/${a.externalId}`, a.gold]));
  await redis.start();
  log(`redis-server on ${redis.url} (pid ${redis.pid})`);
  const id = `${process.pid}_${Date.now().toString(36)}`;
  const settings: DisruptionSettings = {
    rate: options.rate,
    seed: options.seed,
    everySeconds: options.every,
    until: options.until,
    workers: options.workers,
    sweepIntervalMs: options.sweepIntervalMs,
  };
  const once = (kind: RunKind): Promise<RunResult> =>
    runOnce({
      ...settings,
      kind,
      name: `${id}_${kind}`,
      baseDatabaseUrl: loadConfig().DATABASE_URL,
      redis,
      ports: options.ports,
      articles,
      timeoutSeconds: options.timeoutSeconds,
      keep: options.keep,
      log,
      interrupted,
    });
  const chaos = await once('chaos');
  const calm = options.calm ? await once('calm') : null;
  const grouping = compareGroupings(chaos, calm, gold);
  const checks = runChecks(chaos, calm, grouping);
  return {
    benchmark: 'chaos',
    at: new Date().toISOString(),
    environment: environment(),
    settings: { articles: options.articles, ...settings, corpus: countKinds(articles) },
    passed: checks.every((c) => c.chaos.ok),
    checks,
    grouping,
    runs: { chaos: forReport(chaos), calm: calm && forReport(calm) },
  };
}

function forReport({ grouping: _grouping, links: _links, ...rest }: RunResult): RunReport {
  return rest;
}

async function main(): Promise<number> {
  let options: ChaosOptions;
  try {
    options = parseChaosArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`chaos: ${error.message}\n\n${USAGE}\n`);
    return 64;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const interruption = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      process.stderr.write(`chaos: ${signal} received; stopping the stack and cleaning up\n`);
      interruption.abort(new Error(`${signal} received`));
    });
  }
  const redis = new OwnRedisServer((await freePorts(1, options.ports))[0]);
  try {
    const report = await run(options, redis, interruption.signal);
    const written = writeReport(options.reportName, report, chaosMarkdown(report));
    for (const c of report.checks) log(`${c.chaos.ok ? 'ok  ' : 'FAIL'} ${c.requirement}: ${c.chaos.figures}`);
    log(`wrote ${written.json} and ${written.markdown}`);
    return report.passed ? 0 : 1;
  } catch (error) {
    if (interruption.signal.aborted) return 130;
    process.stderr.write(`chaos failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    return 2;
  } finally {
    await redis.stop(options.keep);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(2);
  },
);
