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

export interface NeighbourhoodOptions extends LocalScalingOptions {
  weights: ScoreWeights;
  decay: TimeDecay;
  /**
   * Mean relative similarity (similarity ÷ √(σᵢ σⱼ)) at which two groups are one story. Below 1: articles of
   * one story are, on average, a little less alike than each is to its very nearest neighbours.
   */
  threshold: number;
  headlineAgreement: HeadlineAgreement;
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
  return {
    groups: averageLinkGroups(relative, n, options.threshold, {
      matrix: headline,
      bonus: (mean) => headlineBonus(mean, options.headlineAgreement),
    }),
    neighbours,
    relative: (i, j) => relative[i * n + j],
    headline: (i, j) => headline[i * n + j],
  };
}
