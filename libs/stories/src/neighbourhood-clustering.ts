import { averageLinkGroups } from './average-link';
import { combinedSimilarity } from './article-similarity';
import { LocalScalingOptions, localScale, NeighbourList, updateNeighbours } from './local-scaling';
import { pairwiseCosines } from './pairwise-cosines';
import { ScoreWeights, TimeDecay } from './story-scoring';
import { WeightedArticle } from './weighted-article';

export interface NeighbourhoodArticle {
  articleId: string;
  /** Publication (or receive) time, epoch ms. */
  time: number;
  vector: WeightedArticle;
  neighbours: NeighbourList;
}

/**
 * Headlines that agree lower the bar for two groups: a mean headline cosine between them above `from` adds to
 * their link, linearly up to `bonus` at `to`. Editors of different outlets sum one event up in the same words,
 * and a story's headlines can agree where its bodies diverge: one report follows the check-in at one clinic,
 * another the move to a second. Stories of one kind of event (two coaches fired, two pirate captures, two title
 * defences) are told apart by their bodies and do not share headlines that closely, so the bonus starts only
 * above their agreement.
 * The bonus is small and bounded, so that bodies still decide: one headline on two unrelated bodies (a CMS
 * template, a live page's fixed title) cannot make them one story.
 */
export interface HeadlineAgreement {
  from: number;
  to: number;
  bonus: number;
}

/** The components of the similarity of two articles of a neighbourhood, as the clustering computed them. */
export interface LinkFeatures {
  /** Similarity ÷ √(σᵢ σⱼ), the articles' local scales. */
  relative: number;
  /** Cosines of their content terms, entities (0 when either names none) and headlines (0 when either has none). */
  content: number;
  entities: number;
  headline: number;
}

/**
 * A learned link: the probability that two groups of articles report one story, by logistic regression on the
 * mean of their pairs' link features, σ(bias + weights · mean features). The mean of a linear score is the
 * linear score of the means, so average link over the pairs' scores (logits) applies it exactly.
 */
export interface LinkModel {
  bias: number;
  weights: LinkFeatures;
}

/** The model's logit for one pair; averaged over the pairs between two groups, the logit of their link. */
export function linkLogit(model: LinkModel, features: LinkFeatures): number {
  const { weights } = model;
  return (
    model.bias +
    weights.relative * features.relative +
    weights.content * features.content +
    weights.entities * features.entities +
    weights.headline * features.headline
  );
}

/** The probability of a logit. */
export function logistic(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export interface NeighbourhoodOptions extends LocalScalingOptions {
  weights: ScoreWeights;
  decay: TimeDecay;
  /**
   * Mean relative similarity (similarity ÷ √(σᵢ σⱼ)) at which two groups are one story. Below 1: articles of
   * one story are, on average, a little less alike than each is to its very nearest neighbours. With `link`,
   * the link probability instead (0 groups everything, 1 nothing).
   */
  threshold: number;
  headlineAgreement: HeadlineAgreement;
  /**
   * When set, two groups are linked by this model's probability, and headlines count through the model (its
   * headline weight) instead of the agreement bonus.
   */
  link?: LinkModel;
}

/** What headlines agreeing on average `mean` (cosine) add to the link between two groups. */
export function headlineBonus(mean: number, agreement: HeadlineAgreement): number {
  const share = (mean - agreement.from) / (agreement.to - agreement.from);
  return agreement.bonus * Math.min(1, Math.max(0, share));
}

export interface NeighbourhoodClustering {
  /** Groups of article indices (into the input), each ascending, ordered by first index. */
  groups: number[][];
  /** Each article's neighbour list with the similarities found here folded in. */
  neighbours: NeighbourList[];
  /** Relative similarity of articles i and j, as the clustering used it. */
  relative(i: number, j: number): number;
  /** What the pair of articles i and j adds to the link of their groups: a relative similarity, or a logit. */
  link(i: number, j: number): number;
  /** The components of the pair's similarity. */
  features(i: number, j: number): LinkFeatures;
  /** Headline cosine of articles i and j. */
  headline(i: number, j: number): number;
}

/**
 * Clusters a neighbourhood of articles (an arrival and the recent articles of the stories it may belong to)
 * on locally scaled similarity: all pairwise similarities, each article's neighbour list and scale updated
 * from them, then average-link agglomeration of the relative similarities, supported by headline agreement.
 */
export function clusterNeighbourhood(
  articles: NeighbourhoodArticle[],
  options: NeighbourhoodOptions,
): NeighbourhoodClustering {
  const n = articles.length;
  const content = new Float64Array(n * n);
  const entities = new Float64Array(n * n);
  const headline = new Float64Array(n * n);
  pairwiseCosines(
    articles.map((a) => a.vector.terms),
    content,
  );
  pairwiseCosines(
    articles.map((a) => a.vector.entities),
    entities,
  );
  pairwiseCosines(
    articles.map((a) => a.vector.titleTerms),
    headline,
  );
  const similarity = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = articles[i];
      const b = articles[j];
      const s = combinedSimilarity(
        { content: content[i * n + j], entities: entities[i * n + j], title: headline[i * n + j] },
        a.vector.entities.size > 0 && b.vector.entities.size > 0,
        a.vector.titleTerms.size > 0 && b.vector.titleTerms.size > 0,
        Math.abs(a.time - b.time),
        options.weights,
        options.decay,
      );
      similarity[i * n + j] = s;
      similarity[j * n + i] = s;
    }
  }
  const neighbours = articles.map((article, i) =>
    updateNeighbours(
      article.neighbours,
      articles.flatMap((other, j): Array<[string, number]> =>
        j === i ? [] : [[other.articleId, similarity[i * n + j]]],
      ),
      options.neighbours,
    ),
  );
  const scale = neighbours.map((list) => localScale(list, options));
  const relative = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const denominator = Math.sqrt(scale[i] * scale[j]);
      const r = denominator > 0 ? similarity[i * n + j] / denominator : 0;
      relative[i * n + j] = r;
      relative[j * n + i] = r;
    }
  }
  const features = (i: number, j: number): LinkFeatures => ({
    relative: relative[i * n + j],
    content: content[i * n + j],
    entities: entities[i * n + j],
    headline: headline[i * n + j],
  });
  const model = options.link;
  let link = relative;
  if (model) {
    link = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const z = linkLogit(model, features(i, j));
        link[i * n + j] = z;
        link[j * n + i] = z;
      }
    }
  }
  const support = model
    ? undefined
    : { matrix: headline, bonus: (mean: number) => headlineBonus(mean, options.headlineAgreement) };
  return {
    groups: averageLinkGroups(
      link,
      n,
      model ? Math.log(options.threshold / (1 - options.threshold)) : options.threshold,
      support,
    ),
    neighbours,
    relative: (i, j) => relative[i * n + j],
    link: (i, j) => link[i * n + j],
    features,
    headline: (i, j) => headline[i * n + j],
  };
}
