// Trains the NER tagger on CoNLL-2003 and writes the versioned model file.
//
//   node dist/tools/train-ner/main.js [--data DIR] [--out FILE] [--max-epochs N] [--patience N]
//                                     [--min-weight W] [--seed N] [--without FAMILY,...] [--select [SEEDS]]
//
// Reads DIR/train.txt and DIR/dev.txt (default ../shared/datasets/conll2003, or
// $STORYLINE_SHARED_DIR/datasets/conll2003), never test.txt. Trains an averaged perceptron pass by pass in a seeded
// shuffled document order, and after each pass scores the quantized, pruned model exactly as it would ship on
// dev (PER/LOC/ORG exact-span micro F1 on the dataset's tokens). Training stops after --patience passes without
// improvement and the best pass is kept. The training data is never copied into the repository.
//
// --without leaves feature families out (gazetteer, layout, history; see FeatureFamilies). --select trains
// every candidate configuration (each family left out in turn, and the full set with each of SEEDS, default
// 1,2,3), scores each on dev through `cli entities` (the run-time tokenizer and the resolve step: what ships),
// writes the best to --out (default models/ner-v1.json.gz; the model already there is a candidate and stays unless
// one scores better) and the table to bench/reports/ner-selection.{json,md}.
// Test is then read once, by `npm run bench:ner -- --split test`. Variants tried before, with their figures,
// are in docs/tuning-history.md.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  ALL_FAMILIES,
  AveragedPerceptron,
  ConllDocument,
  entitiesCliLine,
  FeatureFamilies,
  Lexicon,
  TaggerSentence,
  buildLexicon,
  DEFAULT_GAZETTEER,
  DEFAULT_MODEL_FILE,
  evaluateConll,
  NerModel,
  prepareSentence,
  readConll,
  TAG_INDEX,
  tagDocument,
} from '@storyline/nlp';
import { markdownTable, writeReport } from '../bench/report';
import { scoreText } from '../eval/ner-eval';

interface Options {
  data: string;
  out: string;
  maxEpochs: number;
  patience: number;
  minWeight: number;
  seed: number;
  families: FeatureFamilies;
  /** Seeds of the full feature set in --select; null without --select. */
  select: number[] | null;
}

const FAMILY_NAMES = Object.keys(ALL_FAMILIES) as (keyof FeatureFamilies)[];

function parseOptions(argv: string[]): Options {
  const repo = resolve(__dirname, '..', '..', '..');
  const shared = process.env.STORYLINE_SHARED_DIR ?? resolve(repo, '..', 'shared');
  const options: Options = {
    data: join(shared, 'datasets', 'conll2003'),
    out: join(repo, DEFAULT_MODEL_FILE),
    maxEpochs: 15,
    patience: 4,
    minWeight: 0.5,
    seed: 1,
    families: ALL_FAMILIES,
    select: null,
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === '--select') {
      const seeds = value === undefined || value.startsWith('--') ? '1,2,3' : value;
      if (seeds !== value) i--;
      options.select = seeds.split(',').map(Number);
      continue;
    }
    if (value === undefined) throw new Error(`missing value for ${name}`);
    if (name === '--data') options.data = resolve(value);
    else if (name === '--without') options.families = withoutFamilies(value.split(','));
    else if (name === '--out') options.out = resolve(value);
    else if (name === '--max-epochs') options.maxEpochs = Number(value);
    else if (name === '--patience') options.patience = Number(value);
    else if (name === '--min-weight') options.minWeight = Number(value);
    else if (name === '--seed') options.seed = Number(value);
    else throw new Error(`unknown option ${name}`);
  }
  return options;
}

function withoutFamilies(names: string[]): FeatureFamilies {
  const families = { ...ALL_FAMILIES };
  for (const name of names) {
    if (!FAMILY_NAMES.includes(name as keyof FeatureFamilies)) throw new Error(`unknown feature family ${name}`);
    families[name as keyof FeatureFamilies] = false;
  }
  return families;
}

const familiesLabel = (f: FeatureFamilies) => {
  const off = FAMILY_NAMES.filter((n) => !f[n]);
  return off.length === 0 ? 'all families' : `without ${off.join(', ')}`;
};

// Deterministic shuffling (mulberry32) so that a training run is reproducible.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

interface TrainingDocument {
  sentences: TaggerSentence[];
  gold: number[][];
}

function trainingDocuments(docs: ConllDocument[]): TrainingDocument[] {
  return docs.map((doc) => ({
    sentences: doc.map((s) => prepareSentence(s.words)),
    gold: doc.map((s) => s.tags.map((t) => TAG_INDEX.get(t) ?? 0)),
  }));
}

interface Configuration {
  seed: number;
  families: FeatureFamilies;
}

/** One pass over the documents in a shuffled order, updating after each sentence; returns the token errors. */
function trainPass(
  perceptron: AveragedPerceptron,
  docs: TrainingDocument[],
  lexicon: Lexicon,
  random: () => number,
  families: FeatureFamilies,
) {
  let errors = 0;
  for (const doc of shuffled(docs, random)) {
    tagDocument(
      doc.sentences,
      perceptron,
      lexicon,
      DEFAULT_GAZETTEER,
      (si, features, predicted) => {
        const gold = doc.gold[si];
        for (let i = 0; i < gold.length; i++) if (gold[i] !== predicted[i]) errors++;
        perceptron.update(features, gold, predicted);
      },
      families,
    );
  }
  return errors;
}

/** Trains one configuration with early stopping on dev; returns its best pass with the training summary. */
function train(
  config: Configuration,
  docs: TrainingDocument[],
  lexicon: Lexicon,
  dev: ConllDocument[],
  options: Options,
): { model: NerModel; f1: number; epoch: number } {
  const perceptron = new AveragedPerceptron();
  const random = rng(config.seed);
  let best: { model: NerModel; f1: number; epoch: number } | null = null;
  for (let epoch = 1; epoch <= options.maxEpochs; epoch++) {
    const started = Date.now();
    const errors = trainPass(perceptron, docs, lexicon, random, config.families);
    const avg = perceptron.averaged();
    const model = NerModel.fromWeights(
      avg.features,
      avg.weights,
      avg.transitions,
      lexicon,
      {},
      options.minWeight,
      config.families,
    );
    const scores = evaluateConll(dev, model, lexicon, DEFAULT_GAZETTEER, config.families);
    const f1 = scores.micro.f1;
    console.log(
      `epoch ${epoch}: ${errors} token errors, dev PER/LOC/ORG F1 ${f1.toFixed(4)} ` +
        `(${Object.entries(scores.perType)
          .map(([t, s]) => `${t} ${s.f1.toFixed(3)}`)
          .join(', ')}), ${model.featureCount} features, ${Date.now() - started} ms`,
    );
    if (!best || f1 > best.f1) best = { model, f1, epoch };
    else if (epoch - best.epoch >= options.patience) break;
  }
  if (!best) throw new Error('no training epochs were run');
  const meta: Record<string, unknown> = {
    epochs: best.epoch,
    devF1: best.f1,
    configuration: { seed: config.seed, families: familiesLabel(config.families) },
    trainedOn: 'conll2003 train.txt',
    createdAt: new Date().toISOString(),
  };
  return { ...best, model: best.model.withMeta(meta) };
}

function candidates(options: Options): Configuration[] {
  if (!options.select) return [{ seed: options.seed, families: options.families }];
  return [
    ...options.select.map((seed) => ({ seed, families: ALL_FAMILIES })),
    ...FAMILY_NAMES.map((name) => ({ seed: options.select![0], families: { ...ALL_FAMILIES, [name]: false } })),
  ];
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const trainConll = readConll(join(options.data, 'train.txt'));
  const dev = readConll(join(options.data, 'dev.txt'));
  const docs = trainingDocuments(trainConll);
  const lexicon = buildLexicon(docs.flatMap((d) => d.sentences));
  const devCli = (model: NerModel) => scoreText(dev, (text) => entitiesCliLine(model, { id: '', text }).mentions);
  const results: Candidate[] = candidates(options).map((config) => {
    console.log(`training seed ${config.seed}, ${familiesLabel(config.families)}`);
    const trained = train(config, docs, lexicon, dev, options);
    const cli = devCli(trained.model);
    console.log(`dev F1 through cli entities: ${cli.micro.f1.toFixed(4)}`);
    return { label: familiesLabel(config.families), seed: config.seed, ...trained, cliF1: cli.micro.f1, cli };
  });
  // The model already at --out is a candidate too: it is replaced only by one that scores better on dev.
  if (options.select && existsSync(options.out)) {
    const shipped = NerModel.deserialize(readFileSync(options.out));
    const cli = devCli(shipped);
    const tokens = evaluateConll(dev, shipped, shipped.lexicon, DEFAULT_GAZETTEER, shipped.families);
    results.push({
      label: `shipped model (${familiesLabel(shipped.families)})`,
      seed: Number(shipped.meta.seed ?? (shipped.meta.configuration as { seed?: number } | undefined)?.seed ?? 1),
      model: shipped,
      f1: tokens.micro.f1,
      epoch: Number(shipped.meta.epochs),
      cliF1: cli.micro.f1,
      cli,
      shipped: true,
    });
  }
  const chosen = results.reduce((a, b) => (b.cliF1 > a.cliF1 ? b : a));
  if (options.select) {
    const rows = results.map((r) => [
      r.seed,
      r.label,
      r.epoch,
      (100 * r.f1).toFixed(2),
      (100 * r.cliF1).toFixed(2),
      ...['PER', 'LOC', 'ORG'].map((t) => (100 * r.cli.perType[t].f1).toFixed(2)),
      r === chosen ? 'chosen' : '',
    ]);
    const md = [
      '# NER configuration chosen on CoNLL-2003 dev',
      '',
      'Every figure is CoNLL-2003 **dev** (PER/LOC/ORG exact-span micro F1); test was not read.',
      '',
      markdownTable(
        ['seed', 'features', 'passes', 'dev, dataset tokens', 'dev, cli entities', 'PER', 'LOC', 'ORG', ''],
        rows,
      ),
      '',
    ].join('\n');
    const summary = results.map((r) => ({
      seed: r.seed,
      features: r.label,
      passes: r.epoch,
      devF1DatasetTokens: r.f1,
      devF1CliEntities: r.cliF1,
      devPerTypeCliEntities: r.cli.perType,
      chosen: r === chosen,
    }));
    writeReport('ner-selection', { split: 'conll2003 dev', candidates: summary }, md);
    console.log(md);
  }
  if (chosen.shipped) {
    console.log(`kept ${options.out}: no candidate scores better on dev`);
    return;
  }
  const data = chosen.model.serialize();
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, data);
  console.log(`wrote ${options.out}: ${JSON.stringify(chosen.model.meta)}, ${(data.length / 1e6).toFixed(2)} MB`);
}

interface Candidate {
  label: string;
  seed: number;
  model: NerModel;
  /** Dev F1 on the dataset's tokens. */
  f1: number;
  epoch: number;
  cliF1: number;
  cli: ReturnType<typeof scoreText>;
  shipped?: boolean;
}

main();
