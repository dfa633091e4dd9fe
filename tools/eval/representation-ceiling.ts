import {
  articleSimilarity,
  BackgroundFrequencies,
  clusterNeighbourhood,
  DEFAULT_STORY_OPTIONS,
  extractFeatures,
  InMemoryTermStatistics,
  lookupKeys,
  observedKeys,
  StoryAssignerOptions,
  weighArticle,
} from '@storyline/stories';
import { EvalArticle } from './datasets';

export interface TopicSeparability {
  topic: number;
  /**
   * Probability that two articles of one story in the topic are more alike than two articles of its different
   * stories (area under the ROC curve of article similarity): 1 separates them at any threshold, 0.5 not at all.
   */
  auc: number;
}

/**
 * The same features, weights and neighbourhood clustering as the online assigner, run once over every article
 * with the statistics of the whole set: what the representation could reach if arrival order cost nothing.
 * Comparing it with the online figure tells an error of the representation (both make it) from one of the
 * online procedure (only the online run makes it), which decides where tuning can still help. Two simplifications:
 * a headline-only article (14 in ECB+) is clustered like the rest, where online it joins on score; and copies
 * are not pinned to their canonical article (all 27 copy links the pipeline finds in ECB+ end up in their
 * canonical's group anyway).
 */
export async function representationCeiling(
  articles: Array<EvalArticle & { topic: number }>,
  background: BackgroundFrequencies,
  story: Partial<StoryAssignerOptions> = {},
) {
  const options = { ...DEFAULT_STORY_OPTIONS, ...story };
  const statistics = new InMemoryTermStatistics(background);
  const features = articles.map((a) => extractFeatures(a));
  for (const f of features) {
    // Observed as the assigner does: its entity keys are those the statistics so far confirm as names.
    const weighted = weighArticle(f, await statistics.df(lookupKeys(f)), await statistics.docCount());
    await statistics.observe(observedKeys(f, weighted));
  }
  const docCount = await statistics.docCount();
  const vectors = await Promise.all(
    features.map(async (f) => weighArticle(f, await statistics.df(lookupKeys(f)), docCount)),
  );
  const clustering = clusterNeighbourhood(
    articles.map((a, i) => ({ articleId: a.id, time: a.time.getTime(), vector: vectors[i], neighbours: [] })),
    { ...options.neighbourhood, weights: options.weights, decay: options.decay },
  );
  const predicted = new Map<string, string>();
  clustering.groups.forEach((group, g) => group.forEach((i) => predicted.set(articles[i].id, String(g))));

  const similarity = (i: number, j: number): number =>
    articleSimilarity(
      vectors[i],
      vectors[j],
      Math.abs(articles[i].time.getTime() - articles[j].time.getTime()),
      options.weights,
      options.decay,
    );
  const byTopic = new Map<number, number[]>();
  articles.forEach((a, i) => byTopic.set(a.topic, [...(byTopic.get(a.topic) ?? []), i]));
  const separability: TopicSeparability[] = [];
  for (const [topic, members] of [...byTopic].sort((a, b) => a[0] - b[0])) {
    const within: number[] = [];
    const across: number[] = [];
    for (const [x, i] of members.entries()) {
      for (const j of members.slice(x + 1))
        (articles[i].story === articles[j].story ? within : across).push(similarity(i, j));
    }
    if (within.length === 0 || across.length === 0) continue;
    let wins = 0;
    for (const w of within) for (const a of across) wins += w > a ? 1 : w === a ? 0.5 : 0;
    separability.push({ topic, auc: wins / (within.length * across.length) });
  }
  return { predicted, separability };
}
