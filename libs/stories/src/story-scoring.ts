import { profileMembers, StoryProfile } from './story-profile';
import { WeightedArticle } from './weighted-article';

/** How well an article fits a story, by component, so a decision can be explained. */
export interface ScoreComponents {
  /** Mean cosine of the article's content term vector and those of the story's articles. */
  content: number;
  /** Mean cosine of the article's entity vector and those of the story's articles that name anyone. */
  entities: number;
  /** Mean cosine of the article's headline vector and the story's headlines. */
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

/**
 * Mean cosine of a unit vector and the `members` unit vectors whose sum is `centroid` (average link).
 * Unlike the cosine with the centroid, it falls as a story's articles drift apart: a story that has absorbed
 * a neighbouring event by mistake is diffuse, and stops pulling in more of that event.
 */
function meanCosine(vector: Map<string, number>, centroid: Array<[string, number]>, members: number): number {
  if (members === 0) return 0;
  let dot = 0;
  for (const [key, w] of centroid) {
    const v = vector.get(key);
    if (v !== undefined) dot += v * w;
  }
  return dot / members;
}

/** Time between two spans (0 when they overlap). */
function gapMs(fromA: number, toA: number, fromB: number, toB: number): number {
  return fromA > toB ? fromA - toB : fromB > toA ? fromB - toA : 0;
}

/** Time factor for a gap between two times or spans: 1 up to the grace period, then halving every half-life. */
export function timeGapFactor(gap: number, decay: TimeDecay): number {
  return Math.pow(0.5, Math.max(0, gap - decay.graceMs) / decay.halfLifeMs);
}

export function timeDecay(time: Date, story: StoryProfile, decay: TimeDecay): number {
  const t = time.getTime();
  return timeGapFactor(gapMs(t, t, Date.parse(story.firstSeen), Date.parse(story.lastSeen)), decay);
}

/**
 * Similarity of story `a` to each of `others`, on the same components as an article: the mean cosine over all
 * pairs of their articles (average link), which is what merges rest on. `a`'s vectors are indexed once for all.
 */
export function scoreStoryPairs(
  a: StoryProfile,
  others: StoryProfile[],
  weights: ScoreWeights,
  decay: TimeDecay,
): ScoreComponents[] {
  const ma = profileMembers(a);
  const [terms, entities, titleTerms] = [new Map(a.terms), new Map(a.entities), new Map(a.titleTerms)];
  return others.map((b) => {
    const mb = profileMembers(b);
    const factor = timeGapFactor(
      gapMs(Date.parse(a.firstSeen), Date.parse(a.lastSeen), Date.parse(b.firstSeen), Date.parse(b.lastSeen)),
      decay,
    );
    return combine(
      {
        content: meanCosine(terms, b.terms, ma.terms * mb.terms),
        entities: meanCosine(entities, b.entities, ma.entities * mb.entities),
        title: meanCosine(titleTerms, b.titleTerms, ma.titleTerms * mb.titleTerms),
      },
      weights,
      ma.entities > 0 && mb.entities > 0,
      ma.titleTerms > 0 && mb.titleTerms > 0,
      factor,
    );
  });
}

/**
 * Weighted mean of the components both sides have: a headline-only article or one without names is not
 * penalised for what it cannot have.
 */
export function weightedTotal(
  parts: { content: number; entities: number; title: number },
  weights: ScoreWeights,
  hasEntities: boolean,
  hasTitle: boolean,
): number {
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
  return weightSum === 0 ? 0 : weighted / weightSum;
}

function combine(
  parts: { content: number; entities: number; title: number },
  weights: ScoreWeights,
  hasEntities: boolean,
  hasTitle: boolean,
  factor: number,
): ScoreComponents {
  return {
    ...parts,
    coreCoverage: 1,
    decay: factor,
    total: weightedTotal(parts, weights, hasEntities, hasTitle) * factor,
  };
}

/** A story of this many articles has a core worth checking; below it every name is as consistent as any other. */
export const CORE_MIN_ARTICLES = 3;
/**
 * An entity is core when at least this share of the story's articles (and at least two) name it. Nearly all:
 * with average-link scores a mixed story already pulls less, and a looser core mostly turns away genuine
 * follow-ups that skip a secondary name.
 */
export const CORE_SHARE = 0.9;

/**
 * Weighted share of the story's core entities (named by nearly all its articles) that the article names too.
 * Articles about one event keep naming its protagonists and places; a report of a neighbouring event in the
 * same topic (same country and leaders, different town, talks or victims) shares the topic's names but not the
 * event's core. 1 when the story has no core yet.
 */
export function coreCoverage(article: WeightedArticle, story: StoryProfile): number {
  // Articles whose names were counted: copies attached without clustering add to the article count only.
  const n = profileMembers(story).entities;
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
  const members = profileMembers(story);
  const content = meanCosine(article.terms, story.terms, members.terms);
  const entities = meanCosine(article.entities, story.entities, members.entities);
  const title = meanCosine(article.titleTerms, story.titleTerms, members.titleTerms);
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
