// NER benchmark: `node dist/tools/bench/ner.js [--model FILE] [--seconds N]`.
//
// Measures, for the shipped model (models/ner-v1.json.gz unless --model):
//   - CoNLL-2003 test (and dev) PER/LOC/ORG exact-span micro F1 with per-type P/R/F1, tagging the dataset's
//     own tokens (the standard protocol, comparable with published figures);
//   - the same on test through the run-time path: each document's tokens joined into plain text, then our
//     tokenizer, sentence splitter, tagger and mention filters, scored on exact character spans — so a
//     tokenization or sentence-splitting difference costs points here instead of being hidden;
//   - model load time (read + gunzip + parse + index, fresh, not the per-process cache);
//   - articles per second on one core for recognition plus canonicalization (extractEntities) over the seed
//     articles, which are the size of real news articles;
//   - spelling-variant keys (variantKey) per second on one core; story clustering calls it per token.
// Writes bench/reports/ner.json and bench/reports/ner.md (tools/bench/report.ts). The CoNLL data is read from
// $STORYLINE_SHARED_DIR/datasets/conll2003 (default ../shared next to the repository).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  ConllDocument,
  DEFAULT_MODEL_FILE,
  evaluateConll,
  extractEntities,
  NerModel,
  prf,
  PRF,
  readConll,
  recognize,
  SpanScores,
  tagSpans,
  variantKey,
} from '@storyline/nlp';
import { repoRoot, sharedDir } from '../eval/paths';
import { environment, writeReport } from './report';

const repo = repoRoot();
const shared = sharedDir();

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

function timeLoad(file: string): { model: NerModel; ms: number } {
  const started = process.hrtime.bigint();
  const model = NerModel.deserialize(readFileSync(file));
  return { model, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

const MENTION_TYPE_TO_CONLL: Record<string, string> = { PERSON: 'PER', LOCATION: 'LOC', ORGANIZATION: 'ORG' };

/** Run-time path on CoNLL text: documents rebuilt as plain text, scored on exact character spans. */
function evaluateRuntimePath(model: NerModel, docs: ConllDocument[]): SpanScores {
  const counts = new Map(['PER', 'LOC', 'ORG'].map((t) => [t, { correct: 0, predicted: 0, gold: 0 }]));
  for (const doc of docs) {
    let text = '';
    const gold = new Set<string>();
    for (const sentence of doc) {
      const offsets = sentence.words.map((w) => {
        const start = text.length;
        text += w + ' ';
        return [start, start + w.length];
      });
      text += '\n';
      for (const span of tagSpans(sentence.tags)) {
        const c = counts.get(span.type);
        if (!c) continue;
        c.gold++;
        gold.add(`${offsets[span.start][0]}:${offsets[span.end - 1][1]}:${span.type}`);
      }
    }
    for (const m of recognize(model, text)) {
      const type = MENTION_TYPE_TO_CONLL[m.type];
      const c = counts.get(type);
      if (!c) continue;
      c.predicted++;
      if (gold.has(`${m.start}:${m.end}:${type}`)) c.correct++;
    }
  }
  const perType: Record<string, PRF> = {};
  let [correct, predicted, goldTotal] = [0, 0, 0];
  for (const [type, c] of counts) {
    perType[type] = prf(c.correct, c.predicted, c.gold);
    [correct, predicted, goldTotal] = [correct + c.correct, predicted + c.predicted, goldTotal + c.gold];
  }
  return { micro: prf(correct, predicted, goldTotal), perType };
}

// Rates per second of CPU time used by this process and per second of wall time: the machine is shared, and
// CPU time is what "one core" means when other processes compete for the cores.
function rates(
  seconds: number,
  step: (i: number) => void,
): { count: number; perCpuSecond: number; perWallSecond: number } {
  let count = 0;
  const cpuStart = process.cpuUsage();
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() < deadline) step(count++);
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  return { count, perCpuSecond: count / ((cpu.user + cpu.system) / 1e6), perWallSecond: count / elapsed };
}

function throughput(
  model: NerModel,
  seconds: number,
): { articlesPerSecond: number; articlesPerWallSecond: number; articles: number; avgChars: number } {
  const dir = join(shared, 'seeds');
  const texts = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'));
  for (const text of texts) extractEntities(model, { title: '', text }); // warm-up (JIT, caches)
  const r = rates(seconds, (i) => extractEntities(model, { title: '', text: texts[i % texts.length] }));
  return {
    articlesPerSecond: r.perCpuSecond,
    articlesPerWallSecond: r.perWallSecond,
    articles: r.count,
    avgChars: Math.round(texts.reduce((n, t) => n + t.length, 0) / texts.length),
  };
}

/** Every name is new (a counter suffix), so each call pays the full computation rather than a memo hit. */
function variantKeysPerCpuSecond(seconds: number): number {
  const words = 'Ukraine urged residents in the east of the country Thursday to flee Russian attacks Kyiv'.split(' ');
  return Math.round(rates(seconds, (i) => variantKey(`${words[i % words.length]}${i}`)).perCpuSecond);
}

const pct = (x: number) => (100 * x).toFixed(2);

function scoresTable(title: string, s: SpanScores): string {
  const rows = Object.entries(s.perType).map(
    ([t, v]) => `| ${t} | ${pct(v.precision)} | ${pct(v.recall)} | ${pct(v.f1)} | ${v.gold} | ${v.predicted} |`,
  );
  const m = s.micro;
  return [
    `### ${title}`,
    '',
    '| type | P | R | F1 | gold | predicted |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
    `| **micro** | **${pct(m.precision)}** | **${pct(m.recall)}** | **${pct(m.f1)}** | ${m.gold} | ${m.predicted} |`,
    '',
  ].join('\n');
}

function main(): void {
  const modelFile = resolve(option('--model', join(repo, DEFAULT_MODEL_FILE)));
  const seconds = Number(option('--seconds', '5'));
  const data = join(shared, 'datasets', 'conll2003');
  const load = timeLoad(modelFile);
  const model = load.model;
  const test = evaluateConll(readConll(join(data, 'test.txt')), model, model.lexicon, model.gazetteer);
  const dev = evaluateConll(readConll(join(data, 'dev.txt')), model, model.lexicon, model.gazetteer);
  const runtime = evaluateRuntimePath(model, readConll(join(data, 'test.txt')));
  const speed = throughput(model, seconds);
  const variantKeysPerSecond = variantKeysPerCpuSecond(Math.min(1, seconds));
  const modelBytes = readFileSync(modelFile).length;
  const targets = { testF1: 0.88, articlesPerSecond: 150, loadMs: 1000 };
  const env = environment();
  const report = {
    model: { file: modelFile, bytes: modelBytes, features: model.featureCount, meta: model.meta },
    conll2003: { test, dev, testRuntimePath: runtime },
    loadMs: load.ms,
    throughput: speed,
    variantKeysPerCpuSecond: variantKeysPerSecond,
    environment: env,
    targets,
    pass: {
      testF1: test.micro.f1 >= targets.testF1,
      articlesPerSecond: speed.articlesPerSecond >= targets.articlesPerSecond,
      loadMs: load.ms < targets.loadMs,
    },
  };
  const devNote =
    `Dev was held out from training; it chose the number of passes (${String(model.meta.epochs)}), so it is ` +
    'slightly optimistic. Test was used for nothing but this report.';
  const md = [
    '# NER benchmark',
    '',
    `Model \`${DEFAULT_MODEL_FILE}\`: ${(modelBytes / 1e6).toFixed(2)} MB, ${model.featureCount} features, ` +
      `trained on ${String(model.meta.trainedOn)}, ${String(model.meta.epochs)} passes.`,
    '',
    `| metric | value | target |`,
    '|---|---:|---:|',
    `| CoNLL-2003 test PER/LOC/ORG micro F1 | ${pct(test.micro.f1)} | ≥ ${pct(targets.testF1)} |`,
    `| same, through the run-time tokenizer (character spans) | ${pct(runtime.micro.f1)} | |`,
    `| model load | ${load.ms.toFixed(0)} ms | < ${targets.loadMs} ms |`,
    `| seed-sized articles/s per CPU second, one core (recognize + resolve) | ${speed.articlesPerSecond.toFixed(0)} | ≥ ${targets.articlesPerSecond} |`,
    `| same per wall-clock second (shared machine) | ${speed.articlesPerWallSecond.toFixed(0)} | |`,
    `| variantKey calls/s per CPU second, uncached names | ${variantKeysPerSecond} | |`,
    '',
    scoresTable('CoNLL-2003 test (dataset tokens)', test),
    scoresTable('CoNLL-2003 test (run-time path, character spans)', runtime),
    scoresTable('CoNLL-2003 dev (dataset tokens)', dev),
    devNote,
    '',
    `Throughput: ${speed.articles} articles of ${speed.avgChars} characters on average in ${seconds} s ` +
      `(Node ${env.node}, ${env.cpu}, ${env.cores} cores, load average ${env.loadAverage1m}).`,
    '',
  ].join('\n');
  writeReport('ner', report, md);
  console.log(md);
}

main();
