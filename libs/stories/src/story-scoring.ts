import { StoryProfile } from './story-profile';
import { WeightedArticle } from './weighted-article';

/** How well an article fits a story, by component, so a decision can be explained. */
export interface ScoreComponents {
  /** Cosine of the article's content term vector and the story's term centroid. */
  content: number;
  /** Cosine of the article's entity vector and the story's entity centroid. */
  entities: number;
  /** Cosine of the article's headline vector and the story's headline centroid. */
  title: number;
  /** Time factor in (0, 1]: 1 up to a grace period outside the story's time span, then halving every half-life. */
  decay: number;
  /** Share of the story's core entities the article names (1 for a story without a core, and between stories). */
  coreCoverage: number;
  /** Weighted mean of the components the article has, times decay, times core coverage (see `scoreStory`). */
  total: number;
}

export interface ScoreWeights {
  content: number;
  entities: number;
  title: number;
}

export interface TimeDecay {
  graceMs: number;
  halfLifeMs: number;
}

function cosine(vector: Map<string, number>, centroid: Array<[string, number]>): number {
  let dot = 0;
  let norm = 0;
  for (const [key, w] of centroid) {
    norm += w * w;
    const v = vector.get(key);
    if (v !== undefined) dot += v * w;
  }
  // The article vector is unit length already.
  return norm === 0 ? 0 : dot / Math.sqrt(norm);
}

/** Time between two spans (0 when they overlap). */
function gapMs(fromA: number, toA: number, fromB: number, toB: number): number {
  return fromA > toB ? fromA - toB : fromB > toA ? fromB - toA : 0;
}

function decayFactor(gap: number, decay: TimeDecay): number {
  return Math.pow(0.5, Math.max(0, gap - decay.graceMs) / decay.halfLifeMs);
}

export function timeDecay(time: Date, story: StoryProfile, decay: TimeDecay): number {
  const t = time.getTime();
  return decayFactor(gapMs(t, t, Date.parse(story.firstSeen), Date.parse(story.lastSeen)), decay);
}

function unitCentroid(centroid: Array<[string, number]>): Map<string, number> {
  const norm = Math.sqrt(centroid.reduce((sum, [, w]) => sum + w * w, 0)) || 1;
  return new Map(centroid.map(([key, w]) => [key, w / norm]));
}

/** A story's centroids as unit vectors, computed once to score it against many other stories. */
export interface StoryVectors {
  story: StoryProfile;
  terms: Map<string, number>;
  entities: Map<string, number>;
  titleTerms: Map<string, number>;
}

export function storyVectors(story: StoryProfile): StoryVectors {
  return {
    story,
    terms: unitCentroid(story.terms),
    entities: unitCentroid(story.entities),
    titleTerms: unitCentroid(story.titleTerms),
  };
}

/**
 * Similarity of two stories, on the same components as an article: centroid against centroid. Both sides
 * average several articles, so this is steadier evidence than any single article and is what merges rest on.
 */
export function scoreStoryPair(
  a: StoryVectors,
  b: StoryProfile,
  weights: ScoreWeights,
  decay: TimeDecay,
): ScoreComponents {
  const content = cosine(a.terms, b.terms);
  const entities = cosine(a.entities, b.entities);
  const title = cosine(a.titleTerms, b.titleTerms);
  const span = a.story;
  const factor = decayFactor(
    gapMs(Date.parse(span.firstSeen), Date.parse(span.lastSeen), Date.parse(b.firstSeen), Date.parse(b.lastSeen)),
    decay,
  );
  return combine(
    { content, entities, title },
    weights,
    a.entities.size > 0 && b.entities.length > 0,
    a.titleTerms.size > 0 && b.titleTerms.length > 0,
    factor,
  );
}

function combine(
  parts: { content: number; entities: number; title: number },
  weights: ScoreWeights,
  hasEntities: boolean,
  hasTitle: boolean,
  factor: number,
): ScoreComponents {
  let weighted = weights.content * parts.content;
  let weightSum = weights.content;
  if (hasEntities) {
    weighted += weights.entities * parts.entities;
    weightSum += weights.entities;
  }
  if (hasTitle) {
    weighted += weights.title * parts.title;
    weightSum += weights.title;
  }
  return { ...parts, coreCoverage: 1, decay: factor, total: weightSum === 0 ? 0 : (weighted / weightSum) * factor };
}

/** A story of this many articles has a core worth checking; below it every name is as consistent as any other. */
export const CORE_MIN_ARTICLES = 3;
/** An entity is core when at least this share of the story's articles (and at least two) name it. */
export const CORE_SHARE = 0.5;

/**
 * Weighted share of the story's core entities (named by most of its articles) that the article names too.
 * Articles about one event keep naming its protagonists and places; a report of a neighbouring event in the
 * same topic (same country and leaders, different town, talks or victims) shares the topic's names but not the
 * event's core. 1 when the story has no core yet.
 */
export function coreCoverage(article: WeightedArticle, story: StoryProfile): number {
  const n = story.articleCount;
  if (n < CORE_MIN_ARTICLES) return 1;
  const need = Math.max(2, Math.ceil(n * CORE_SHARE));
  const weight = new Map(story.entities);
  let total = 0;
  let covered = 0;
  for (const [key, count] of story.entityCounts) {
    if (count < need) continue;
    const w = weight.get(key) ?? 0;
    total += w;
    if (article.entities.has(key)) covered += w;
  }
  return total === 0 ? 1 : covered / total;
}

/**
 * Components an article lacks (no entities, no headline) are left out and the remaining weights renormalised,
 * so a title-only article or one without names is not penalised for what it cannot have. The result is
 * multiplied by core coverage to the power `coverageExponent`: 1 for a full article, less for a headline,
 * which cannot name every protagonist.
 */
export function scoreStory(
  article: WeightedArticle,
  time: Date,
  story: StoryProfile,
  weights: ScoreWeights,
  decay: TimeDecay,
  coverageExponent = 1,
): ScoreComponents {
  const content = cosine(article.terms, story.terms);
  const entities = cosine(article.entities, story.entities);
  const title = cosine(article.titleTerms, story.titleTerms);
  const factor = timeDecay(time, story, decay);
  const base = combine(
    { content, entities, title },
    weights,
    article.entities.size > 0,
    article.titleTerms.size > 0,
    factor,
  );
  const coverage = coreCoverage(article, story);
  return { ...base, coreCoverage: coverage, total: base.total * Math.pow(coverage, coverageExponent) };
}
