import { DEFAULT_STORY_OPTIONS, evaluateClustering, StoryAssignerOptions } from '@storyline/stories';
import { EvalArticle, loadEcbPlus, loadUciHeadlines } from './datasets';
import { runPipeline } from './run-pipeline';
import { ecbOrder, SuiteConfig, uciOrder } from './suites';

/** Story options to try, named for the report. */
export interface Candidate {
  name: string;
  story: Partial<StoryAssignerOptions>;
}

/** The options a fold's training articles chose, with their B³ F1 on those articles. */
export interface Choice extends Candidate {
  trainingF1: number;
}

/**
 * Chooses story options from the training folds alone: it is given their articles (gold labels included) in
 * the arrival orders to tune on, and never sees the held-out fold's articles.
 */
export type Chooser = (orders: EvalArticle[][]) => Promise<Choice>;

export interface CrossValidationSetup {
  /** Every labelled article, each in one fold. */
  articles: EvalArticle[];
  k: number;
  foldOf: (article: EvalArticle) => number;
  /** What each fold holds, for the report. */
  describeFold: (fold: number) => string;
  /** A finer unit than the fold to report held-out B³ by (ECB+ topics), to tell where the errors are. */
  unitOf?: (article: EvalArticle) => string;
  /** The training articles in the orders a chooser tunes on. */
  tuningOrders: (training: EvalArticle[]) => EvalArticle[][];
  /** All articles, in the arrival orders a fold's choice is scored on (its held-out articles' part). */
  evaluationOrders: EvalArticle[][];
}

const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

function spread(values: number[]) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { mean: round(mean), sd: round(sd), min: round(Math.min(...values)), max: round(Math.max(...values)) };
}

/** Per-article B³ precision and recall of the `scored` articles, against every article of the run. */
function bcubedPerArticle(predicted: Map<string, string>, gold: Map<string, string>, scored: Iterable<string>) {
  const members = new Map<string, string[]>();
  for (const [id, story] of predicted) members.set(story, [...(members.get(story) ?? []), id]);
  const goldSize = new Map<string, number>();
  for (const label of gold.values()) goldSize.set(label, (goldSize.get(label) ?? 0) + 1);
  return [...scored].map((id) => {
    const cluster = members.get(predicted.get(id)!)!;
    const label = gold.get(id)!;
    const shared = cluster.filter((other) => gold.get(other) === label).length;
    return { precision: shared / cluster.length, recall: shared / goldSize.get(label)! };
  });
}

/**
 * B³ of the `scored` articles: each article's precision and recall as in the B³ of the whole run (its predicted
 * story with all its articles, its gold story), averaged over these articles only. Over folds that partition
 * the articles, the article-weighted mean of these is the whole run's B³.
 */
export function heldOutBcubed(predicted: Map<string, string>, gold: Map<string, string>, scored: Iterable<string>) {
  const perArticle = bcubedPerArticle(predicted, gold, scored);
  const precision = perArticle.reduce((sum, a) => sum + a.precision, 0) / perArticle.length;
  const recall = perArticle.reduce((sum, a) => sum + a.recall, 0) / perArticle.length;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

/** Fold of each key: the keys sorted, the i-th in fold i mod k (a fixed assignment that needs no seed). */
export function assignFolds<K>(keys: Iterable<K>, k: number, compare: (a: K, b: K) => number): Map<K, number> {
  return new Map([...new Set(keys)].sort(compare).map((key, i) => [key, i % k]));
}

/** B³ F1 of one run of `order` with `story`, over the articles of `order`. */
async function bcubedF1(config: SuiteConfig, order: EvalArticle[], story: Partial<StoryAssignerOptions>) {
  const run = await runPipeline(order, { ...config, story, retainResults: false });
  return evaluateClustering(run.stories, new Map(order.map((a) => [a.id, a.story]))).bcubed.f1;
}

/** The candidate with the best mean B³ F1 over the orders (the first listed on a tie). */
export function gridChooser(config: SuiteConfig, grid: Candidate[]): Chooser {
  return async (orders) => {
    let best: Choice | null = null;
    for (const candidate of grid) {
      let sum = 0;
      for (const order of orders) sum += await bcubedF1(config, order, candidate.story);
      const trainingF1 = sum / orders.length;
      if (!best || trainingF1 > best.trainingF1) best = { ...candidate, trainingF1: round(trainingF1) };
    }
    return best!;
  };
}

/**
 * k-fold cross-validation of a way of choosing story options: for each fold, `choose` sees the other folds'
 * articles only; its choice then clusters every article in each evaluation order (the held-out articles
 * arrive among the others, as news does), and is scored by B³ on the held-out fold's articles (see
 * `heldOutBcubed`: a held-out article put with training articles of other stories counts against it). Reported per
 * fold, as the spread over folds, and pooled (every article scored in the run where its fold was held out).
 */
export async function crossValidate(config: SuiteConfig, setup: CrossValidationSetup, choose: Chooser) {
  const runs = new Map<string, Array<Map<string, string>>>();
  const predictions = async (story: Partial<StoryAssignerOptions>) => {
    const key = JSON.stringify(story);
    if (!runs.has(key)) {
      const predicted = [];
      for (const order of setup.evaluationOrders) {
        predicted.push((await runPipeline(order, { ...config, story, retainResults: false })).stories);
      }
      runs.set(key, predicted);
    }
    return runs.get(key)!;
  };
  const gold = new Map(setup.articles.map((a) => [a.id, a.story]));
  // Per order: every article's precision and recall in the run where its fold was held out.
  const pooled = setup.evaluationOrders.map(() => [] as Array<{ precision: number; recall: number }>);
  const folds = [];
  for (let fold = 0; fold < setup.k; fold++) {
    const training = setup.articles.filter((a) => setup.foldOf(a) !== fold);
    const heldOut = setup.articles.filter((a) => setup.foldOf(a) === fold).map((a) => a.id);
    const choice = await choose(setup.tuningOrders(training));
    const scores = (await predictions(choice.story)).map((predicted, o) => {
      pooled[o].push(...bcubedPerArticle(predicted, gold, heldOut));
      return heldOutBcubed(predicted, gold, heldOut);
    });
    const mean = (pick: (s: (typeof scores)[number]) => number) =>
      round(scores.reduce((sum, s) => sum + pick(s), 0) / scores.length);
    const units = new Map<string, string[]>();
    if (setup.unitOf) {
      for (const a of setup.articles.filter((a) => setup.foldOf(a) === fold)) {
        const unit = setup.unitOf(a);
        units.set(unit, [...(units.get(unit) ?? []), a.id]);
      }
    }
    const runsOfChoice = await predictions(choice.story);
    const byUnit = [...units].map(([unit, ids]) => ({
      unit,
      f1: round(
        runsOfChoice.reduce((sum, predicted) => sum + heldOutBcubed(predicted, gold, ids).f1, 0) / runsOfChoice.length,
      ),
    }));
    folds.push({
      fold,
      holds: setup.describeFold(fold),
      articles: heldOut.length,
      stories: new Set(heldOut.map((id) => gold.get(id))).size,
      chosen: choice.name,
      trainingF1: choice.trainingF1,
      heldOut: {
        precision: mean((s) => s.precision),
        recall: mean((s) => s.recall),
        f1: mean((s) => s.f1),
        perOrder: scores.map((s) => round(s.f1)),
        byUnit,
      },
    });
    console.log(
      `fold ${fold}: chose ${choice.name} (training ${choice.trainingF1}), held-out B3 F1 ${scores.map((s) => round(s.f1)).join(' / ')}`,
    );
  }
  const pooledScores = pooled.map((perArticle) => {
    const precision = perArticle.reduce((sum, a) => sum + a.precision, 0) / perArticle.length;
    const recall = perArticle.reduce((sum, a) => sum + a.recall, 0) / perArticle.length;
    return { precision, recall, f1: (2 * precision * recall) / (precision + recall) };
  });
  return {
    k: setup.k,
    folds,
    bcubedF1: spread(folds.map((f) => f.heldOut.f1)),
    pooled: {
      precision: round(pooledScores.reduce((a, s) => a + s.precision, 0) / pooledScores.length),
      recall: round(pooledScores.reduce((a, s) => a + s.recall, 0) / pooledScores.length),
      f1: spread(pooledScores.map((s) => s.f1)),
    },
  };
}

export type CrossValidation = Awaited<ReturnType<typeof crossValidate>>;

/** Folds of ECB+ topics: the topics in ascending order, the i-th in fold i mod k; both halves of a topic together. */
export function ecbTopicFolds(k = 5): Map<number, number> {
  return assignFolds(
    loadEcbPlus().map((a) => a.topic),
    k,
    (a, b) => a - b,
  );
}

/**
 * ECB+ dev by topic folds: tuned on the training topics in `tuneSeeds` shuffled orders, scored on the held-out
 * topics in the benchmark's `orderSeeds` orders of all 462 articles.
 */
export function ecbCrossValidationSetup(k = 5, orderSeeds = [1, 2, 3], tuneSeeds = [1]): CrossValidationSetup {
  const ecb = loadEcbPlus();
  const topicOf = new Map(ecb.map((a) => [a.id, a.topic]));
  const folds = ecbTopicFolds(k);
  return {
    articles: ecb,
    k,
    foldOf: (a) => folds.get(topicOf.get(a.id)!)!,
    describeFold: (fold) => `topics ${[...folds].flatMap(([topic, f]) => (f === fold ? [topic] : [])).join(', ')}`,
    unitOf: (a) => `topic ${topicOf.get(a.id)}`,
    tuningOrders: (training) => tuneSeeds.map((seed) => ecbOrder(training, seed)),
    evaluationOrders: orderSeeds.map((seed) => ecbOrder(ecb, seed)),
  };
}

/**
 * The ECB+ choices that were tuned on all of dev (docs/tuning-history.md), around the shipped values: the
 * weights of the similarity components, the neighbourhood link threshold and the headline agreement bonus.
 */
const ECB_WEIGHTS = [
  { content: 0.55, entities: 0.35, title: 0.1 },
  { content: 0.5, entities: 0.3, title: 0.2 },
  { content: 0.6, entities: 0.3, title: 0.1 },
];
const ECB_LINK_THRESHOLDS = [0.6, 0.633, 0.667, 0.7];
const ECB_HEADLINE_BONUSES = [0.1, 0];

const weightsName = (w: { content: number; entities: number; title: number }): string =>
  `${w.content}/${w.entities}/${w.title}`;

export const ECB_GRID_DESCRIPTION = `weights (content/entities/title) ${ECB_WEIGHTS.map(weightsName).join(', ')} × link threshold ${ECB_LINK_THRESHOLDS.join(', ')} × headline agreement bonus ${ECB_HEADLINE_BONUSES.join(', ')}`;

export function ecbGrid(): Candidate[] {
  const { neighbourhood } = DEFAULT_STORY_OPTIONS;
  return ECB_WEIGHTS.flatMap((weights) =>
    ECB_LINK_THRESHOLDS.flatMap((threshold) =>
      ECB_HEADLINE_BONUSES.map((bonus) => ({
        name: `weights ${weightsName(weights)}, link ${threshold}, headline bonus ${bonus}`,
        story: {
          weights,
          neighbourhood: {
            ...neighbourhood,
            threshold,
            headlineAgreement: { ...neighbourhood.headlineAgreement, bonus },
          },
        },
      })),
    ),
  );
}

/**
 * UCI headlines by story folds: the stories in order of first appearance in the file, the i-th in fold i mod k;
 * tuned and scored in timestamp order.
 */
export function uciCrossValidationSetup(k = 5): CrossValidationSetup {
  const folds = assignFolds(
    loadUciHeadlines().map((a) => a.story),
    k,
    () => 0,
  );
  const uci = uciOrder();
  return {
    articles: uci,
    k,
    foldOf: (a) => folds.get(a.story)!,
    describeFold: (fold) => `${[...folds.values()].filter((f) => f === fold).length} stories`,
    tuningOrders: (training) => [training],
    evaluationOrders: [uci],
  };
}

/** The headline merge threshold, tuned on all of UCI (docs/tuning-history.md), around the shipped 0.16. */
export function uciGrid(): Candidate[] {
  return [0.16, 0.1, 0.12, 0.14, 0.18, 0.2, 0.23].map((mergeThreshold) => ({
    name: `merge threshold ${mergeThreshold}`,
    story: { mergeThreshold },
  }));
}
