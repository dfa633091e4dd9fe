import { ScoreWeights, TimeDecay, timeGapFactor, weightedTotal } from './story-scoring';
import { WeightedArticle } from './weighted-article';

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [key, w] of small) {
    const v = large.get(key);
    if (v !== undefined) dot += w * v;
  }
  return dot;
}

/** Cosine of two articles' headlines (0 when either has none). */
export function headlineSimilarity(a: WeightedArticle, b: WeightedArticle): number {
  return cosine(a.titleTerms, b.titleTerms);
}

/**
 * Similarity of two articles on the components a story score has (content, entities, headline; a component
 * one of them lacks is left out and the weights renormalised), faded by the time between them.
 */
export function articleSimilarity(
  a: WeightedArticle,
  b: WeightedArticle,
  gapMs: number,
  weights: ScoreWeights,
  decay: TimeDecay,
): number {
  return combinedSimilarity(
    {
      content: cosine(a.terms, b.terms),
      entities: cosine(a.entities, b.entities),
      title: headlineSimilarity(a, b),
    },
    a.entities.size > 0 && b.entities.size > 0,
    a.titleTerms.size > 0 && b.titleTerms.size > 0,
    gapMs,
    weights,
    decay,
  );
}

/** {@link articleSimilarity} from the components' cosines, for callers that computed them in bulk. */
export function combinedSimilarity(
  cosines: { content: number; entities: number; title: number },
  bothHaveEntities: boolean,
  bothHaveHeadlines: boolean,
  gapMs: number,
  weights: ScoreWeights,
  decay: TimeDecay,
): number {
  return weightedTotal(cosines, weights, bothHaveEntities, bothHaveHeadlines) * timeGapFactor(gapMs, decay);
}
