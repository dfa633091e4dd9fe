import { averageLinkGroups } from './average-link';
import { articleSimilarity } from './article-similarity';
import { LocalScalingOptions, localScale, NeighbourList, updateNeighbours } from './local-scaling';
import { ScoreWeights, TimeDecay } from './story-scoring';
import { WeightedArticle } from './weighted-article';

export interface NeighbourhoodArticle {
  articleId: string;
  /** Publication (or receive) time, epoch ms. */
  time: number;
  vector: WeightedArticle;
  neighbours: NeighbourList;
}

export interface NeighbourhoodOptions extends LocalScalingOptions {
  weights: ScoreWeights;
  decay: TimeDecay;
  /**
   * Mean relative similarity (similarity ÷ √(σᵢ σⱼ)) at which two groups are one story. Below 1: articles of
   * one story are, on average, a little less alike than each is to its very nearest neighbours.
   */
  threshold: number;
}

export interface NeighbourhoodClustering {
  /** Groups of article indices (into the input), each ascending, ordered by first index. */
  groups: number[][];
  /** Each article's neighbour list with the similarities found here folded in. */
  neighbours: NeighbourList[];
  /** Relative similarity of articles i and j, as the clustering used it. */
  relative(i: number, j: number): number;
}

/**
 * Clusters a neighbourhood of articles (an arrival and the recent articles of the stories it may belong to)
 * on locally scaled similarity: all pairwise similarities, each article's neighbour list and scale updated
 * from them, then average-link agglomeration of the relative similarities.
 */
export function clusterNeighbourhood(
  articles: NeighbourhoodArticle[],
  options: NeighbourhoodOptions,
): NeighbourhoodClustering {
  const n = articles.length;
  const similarity = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = articles[i];
      const b = articles[j];
      const s = articleSimilarity(a.vector, b.vector, Math.abs(a.time - b.time), options.weights, options.decay);
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
    groups: averageLinkGroups(relative, n, options.threshold),
    neighbours,
    relative: (i, j) => relative[i * n + j],
  };
}
