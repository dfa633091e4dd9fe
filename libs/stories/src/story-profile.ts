import { topEntries, WeightedArticle } from './weighted-article';

/** [key, weight] pairs, heaviest first: JSON-safe and free of prototype keys like "constructor". */
export type WeightedKeys = Array<[string, number]>;

/**
 * What a story is matched on: a bounded summary of its articles, small enough to store as one JSON document
 * (a few KB) and to update in place when an article joins.
 */
export interface StoryProfile {
  id: string;
  /** Headline of the founding article, for display and explanations. */
  title: string | null;
  articleCount: number;
  /** ISO timestamps of the earliest and latest article time. */
  firstSeen: string;
  lastSeen: string;
  /** Centroid (up to scale: the sum) of the members' content term vectors, top {@link PROFILE_TERMS}. */
  terms: WeightedKeys;
  /** Centroid of the members' entity vectors, top {@link PROFILE_ENTITIES}. */
  entities: WeightedKeys;
  /** Entity key → number of members mentioning it, top {@link PROFILE_ENTITIES}: which names the story is about. */
  entityCounts: WeightedKeys;
  /** Centroid of the members' headline term vectors, top {@link PROFILE_TITLE_TERMS}. */
  titleTerms: WeightedKeys;
}

export const PROFILE_TERMS = 150;
export const PROFILE_ENTITIES = 60;
export const PROFILE_TITLE_TERMS = 60;
/** Index keys per story and per article query: a few strong keys find every plausible story. */
export const STORY_KEY_TERMS = 20;
export const STORY_KEY_ENTITIES = 20;
export const ARTICLE_KEY_TERMS = 10;
export const ARTICLE_KEY_ENTITIES = 10;

function add(into: Map<string, number>, pairs: Iterable<[string, number]>): Map<string, number> {
  for (const [key, w] of pairs) into.set(key, (into.get(key) ?? 0) + w);
  return into;
}

function earlier(a: string, b: string): string {
  return a <= b ? a : b;
}

function later(a: string, b: string): string {
  return a >= b ? a : b;
}

/** A one-article story. */
export function newProfile(id: string, title: string | null, article: WeightedArticle, time: Date): StoryProfile {
  return foldArticle(
    {
      id,
      title,
      articleCount: 0,
      firstSeen: time.toISOString(),
      lastSeen: time.toISOString(),
      terms: [],
      entities: [],
      entityCounts: [],
      titleTerms: [],
    },
    article,
    time,
  );
}

/** The profile with one more article in it (pure: the input is not modified). */
export function foldArticle(profile: StoryProfile, article: WeightedArticle, time: Date): StoryProfile {
  const iso = time.toISOString();
  return {
    ...profile,
    articleCount: profile.articleCount + 1,
    firstSeen: profile.articleCount === 0 ? iso : earlier(profile.firstSeen, iso),
    lastSeen: profile.articleCount === 0 ? iso : later(profile.lastSeen, iso),
    terms: topEntries(add(new Map(profile.terms), article.terms), PROFILE_TERMS),
    entities: topEntries(add(new Map(profile.entities), article.entities), PROFILE_ENTITIES),
    entityCounts: topEntries(
      add(
        new Map(profile.entityCounts),
        [...article.entities.keys()].map((key): [string, number] => [key, 1]),
      ),
      PROFILE_ENTITIES,
    ),
    titleTerms: topEntries(add(new Map(profile.titleTerms), article.titleTerms), PROFILE_TITLE_TERMS),
  };
}

/** A copy joins its canonical's story: it counts and extends the time span, but adds no new evidence. */
export function foldCopy(profile: StoryProfile, time: Date): StoryProfile {
  const iso = time.toISOString();
  return {
    ...profile,
    articleCount: profile.articleCount + 1,
    firstSeen: earlier(profile.firstSeen, iso),
    lastSeen: later(profile.lastSeen, iso),
  };
}

/** One story made of two: `into` keeps its id and title. */
export function mergeProfiles(into: StoryProfile, from: StoryProfile): StoryProfile {
  return {
    ...into,
    articleCount: into.articleCount + from.articleCount,
    firstSeen: earlier(into.firstSeen, from.firstSeen),
    lastSeen: later(into.lastSeen, from.lastSeen),
    terms: topEntries(add(new Map(into.terms), from.terms), PROFILE_TERMS),
    entities: topEntries(add(new Map(into.entities), from.entities), PROFILE_ENTITIES),
    entityCounts: topEntries(add(new Map(into.entityCounts), from.entityCounts), PROFILE_ENTITIES),
    titleTerms: topEntries(add(new Map(into.titleTerms), from.titleTerms), PROFILE_TITLE_TERMS),
  };
}

/** Index keys of a story: its strongest terms ("t:…") and entity keys ("e:…"). */
export function storyKeys(profile: StoryProfile): string[] {
  return [
    ...profile.terms.slice(0, STORY_KEY_TERMS).map(([t]) => `t:${t}`),
    ...profile.entities.slice(0, STORY_KEY_ENTITIES).map(([e]) => `e:${e}`),
  ];
}

/** Lookup keys of an article, in the same key space as {@link storyKeys}. */
export function articleKeys(article: WeightedArticle): string[] {
  return [
    ...topEntries(article.terms, ARTICLE_KEY_TERMS).map(([t]) => `t:${t}`),
    ...topEntries(article.entities, ARTICLE_KEY_ENTITIES).map(([e]) => `e:${e}`),
  ];
}
