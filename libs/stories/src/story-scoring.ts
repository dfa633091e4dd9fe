import { StoryProfile } from './story-profile';
import { WeightedArticle } from './weighted-article';

/** How well an article fits a story, by component, so a decision can be explained. */
export interface ScoreComponents {
  /** Cosine of the article's TF-IDF vector and the story centroid. */
  content: number;
  /** IDF-weighted share of the article's entity keys that the story's articles mention. */
  entities: number;
  /** IDF-weighted share of the article's headline terms that the story's headlines use. */
  title: number;
  /** Time factor in (0, 1]: 1 inside the story's time span, halving every half-life outside it. */
  decay: number;
  /** Weighted sum of the available components, times decay. */
  total: number;
}

export interface ScoreWeights {
  content: number;
  entities: number;
  title: number;
}

function cosine(vector: Map<string, number>, centroid: Array<[string, number]>): number {
  let dot = 0;
  let norm = 0;
  for (const [term, w] of centroid) {
    norm += w * w;
    const v = vector.get(term);
    if (v !== undefined) dot += v * w;
  }
  return norm === 0 ? 0 : dot / Math.sqrt(norm);
}

// A key counts fully once at least half the story's articles use it, partially below that: one stray mention
// in a 40-article story is weak evidence that a new article belongs to it.
function support(keys: Map<string, number>, storyCounts: Array<[string, number]>, articleCount: number): number {
  let total = 0;
  let matched = 0;
  const counts = new Map(storyCounts);
  for (const [key, weight] of keys) {
    total += weight;
    const n = counts.get(key);
    if (n !== undefined) matched += weight * Math.min(1, (2 * n) / Math.max(1, articleCount));
  }
  return total === 0 ? 0 : matched / total;
}

export function timeDecay(time: Date, story: StoryProfile, halfLifeMs: number): number {
  const t = time.getTime();
  const first = Date.parse(story.firstSeen);
  const last = Date.parse(story.lastSeen);
  const gap = t > last ? t - last : t < first ? first - t : 0;
  return Math.pow(0.5, gap / halfLifeMs);
}

/**
 * Components an article lacks (no entities, no headline) are left out and the remaining weights renormalised,
 * so a title-only article or one without names is not penalised for what it cannot have.
 */
export function scoreStory(
  article: WeightedArticle,
  time: Date,
  story: StoryProfile,
  weights: ScoreWeights,
  halfLifeMs: number,
): ScoreComponents {
  const content = cosine(article.vector, story.terms);
  const entities = support(article.entities, story.entities, story.articleCount);
  const title = support(article.titleTerms, story.titleTerms, story.articleCount);
  const decay = timeDecay(time, story, halfLifeMs);
  let weighted = weights.content * content;
  let weightSum = weights.content;
  if (article.entities.size > 0) {
    weighted += weights.entities * entities;
    weightSum += weights.entities;
  }
  if (article.titleTerms.size > 0) {
    weighted += weights.title * title;
    weightSum += weights.title;
  }
  return { content, entities, title, decay, total: weightSum === 0 ? 0 : (weighted / weightSum) * decay };
}
