import {
  clusterNeighbourhood,
  DEFAULT_STORY_OPTIONS,
  InMemoryStoryStore,
  LinkFeatures,
  LinkModel,
  memberVector,
  StoryAssignerOptions,
  StoryMember,
} from '@storyline/stories';
import { Chooser, gridChooser } from './cross-validation';
import { EvalArticle } from './datasets';
import { fitLogistic } from './logistic';
import { runPipeline } from './run-pipeline';
import { SuiteConfig } from './suites';

export const FEATURES: Array<keyof LinkFeatures> = ['relative', 'content', 'entities', 'headline'];

/** Stories per arrival it learns from: those its articles are closest to on average (relative similarity). */
const CONTENDERS = 3;

/** The link probabilities a fold chooses from (the first on a tie). */
export const LINK_THRESHOLDS = [0.5, 0.3, 0.4, 0.6, 0.7];

/**
 * An in-memory story store that keeps each neighbourhood the assigner re-clusters around a full-text arrival: the
 * recent members it read (their neighbour lists as they were then), and the arrival, found among the members the
 * decision saved as the one it had not read.
 */
class RecordingStoryStore extends InMemoryStoryStore {
  readonly neighbourhoods: StoryMember[][] = [];
  private read: StoryMember[] | null = null;

  constructor(private readonly membersPerStory: number) {
    super();
  }

  override async recentMembers(storyIds: string[], perStory: number): Promise<StoryMember[]> {
    const members = await super.recentMembers(storyIds, perStory);
    // The merge check of a headline reads one member per story; only a re-clustering reads the full count.
    if (perStory === this.membersPerStory) this.read = members;
    return members;
  }

  override async saveMembers(members: StoryMember[]): Promise<void> {
    const read = this.read ?? [];
    const ids = new Set(read.map((m) => m.articleId));
    const arrival = members.find((m) => !ids.has(m.articleId));
    if (arrival) {
      // As the assigner clusters them: a copy whose canonical was not read sits out, the arrival has no neighbours yet.
      const present = new Set([...ids, arrival.articleId]);
      const stored = read.filter((m) => m.canonicalId === null || present.has(m.canonicalId));
      this.neighbourhoods.push([...stored, { ...arrival, neighbours: [] }]);
    }
    this.read = null;
    await super.saveMembers(members);
  }
}

export interface LinkSample {
  /** Mean link features between an arrival and the members of one gold story in its neighbourhood. */
  features: LinkFeatures;
  /** Whether that is the arrival's story. */
  same: boolean;
}

/**
 * For each full-text arrival and each gold story among the members of the neighbourhood it was re-clustered
 * with: the mean link features of the arrival and that story's members, labelled by whether it is the arrival's
 * story — the "join or not" the model decides, on the means it decides it from — over runs of the given orders
 * with the given options.
 */
export async function linkSamples(
  config: SuiteConfig,
  orders: EvalArticle[][],
  story: Partial<StoryAssignerOptions> = {},
): Promise<LinkSample[]> {
  const options = { ...DEFAULT_STORY_OPTIONS, ...story };
  const samples: LinkSample[] = [];
  for (const order of orders) {
    const gold = new Map(order.map((a) => [a.id, a.story]));
    const store = new RecordingStoryStore(options.neighbourhood.membersPerStory);
    await runPipeline(order, { ...config, story, store, retainResults: false });
    for (const members of store.neighbourhoods) {
      const self = members.length - 1;
      const clustering = clusterNeighbourhood(
        members.map((m) => ({
          articleId: m.articleId,
          time: Date.parse(m.time),
          vector: memberVector(m),
          neighbours: m.neighbours,
        })),
        { ...options.neighbourhood, weights: options.weights, decay: options.decay },
      );
      const byStory = new Map<string, number[]>();
      for (let j = 0; j < self; j++) {
        const label = gold.get(members[j].articleId)!;
        byStory.set(label, [...(byStory.get(label) ?? []), j]);
      }
      const groups = [...byStory].map(([label, group]) => {
        const features = { relative: 0, content: 0, entities: 0, headline: 0 };
        for (const j of group) {
          const pair = clustering.features(self, j);
          for (const f of FEATURES) features[f] += pair[f] / group.length;
        }
        return { features, same: gold.get(members[self].articleId) === label };
      });
      // The contenders only: stories of other topics are told apart by any feature and would teach the model
      // nothing about the close calls.
      samples.push(...groups.sort((a, b) => b.features.relative - a.features.relative).slice(0, CONTENDERS));
    }
  }
  return samples;
}

const round = (x: number): number => Number(x.toFixed(4));

/** Logistic regression of "one story" on the link features. */
export function fitLinkModel(samples: LinkSample[], features = FEATURES, l2 = 1e-3): LinkModel {
  const fit = fitLogistic(
    samples.map((s) => features.map((f) => s.features[f])),
    samples.map((s) => s.same),
    l2,
  );
  const weights = { relative: 0, content: 0, entities: 0, headline: 0 };
  features.forEach((f, k) => (weights[f] = round(fit.weights[k])));
  return { bias: round(fit.bias), weights };
}

/** Story options whose neighbourhood links on `model`, groups joining at a probability of `threshold`. */
export function withLinkModel(model: LinkModel, threshold: number): Partial<StoryAssignerOptions> {
  return { neighbourhood: { ...DEFAULT_STORY_OPTIONS.neighbourhood, link: model, threshold } };
}

export function describeLinkModel(model: LinkModel, threshold: number): string {
  const terms = FEATURES.map((f) => `${model.weights[f]} ${f}`).join(' + ');
  return `learned link σ(${model.bias} + ${terms}) ≥ ${threshold}`;
}

/**
 * Fits the link model to the training folds' neighbourhoods (recorded in runs with the shipped options), then
 * chooses the probability at which groups join among `thresholds`, on the same folds.
 */
export function learnedLinkChooser(config: SuiteConfig, thresholds = LINK_THRESHOLDS, features = FEATURES): Chooser {
  return async (orders) => {
    const model = fitLinkModel(await linkSamples(config, orders), features);
    return gridChooser(
      config,
      thresholds.map((threshold) => ({
        name: describeLinkModel(model, threshold),
        story: withLinkModel(model, threshold),
      })),
    )(orders);
  };
}
