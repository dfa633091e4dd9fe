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
  /**
   * How many unit vectors each centroid sums: the articles folded in with text (copies add none) that had
   * content terms, entities, a headline. Dividing a dot product with a centroid by its count gives the mean
   * similarity to the members (average link). Absent in profiles stored by earlier releases.
   */
  members?: ProfileMembers;
}

export interface ProfileMembers {
  terms: number;
  entities: number;
  titleTerms: number;
}

/**
 * Member counts of a profile; for one stored without them, the article count (copies included, so slightly
 * high: such a story scores a little lower until it is re-profiled by a merge).
 */
export function profileMembers(profile: StoryProfile): ProfileMembers {
  const n = profile.articleCount;
  return profile.members ?? { terms: n, entities: n, titleTerms: n };
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
      members: { terms: 0, entities: 0, titleTerms: 0 },
    },
    article,
    time,
  );
}

/** The profile with one more article in it (pure: the input is not modified). */
export function foldArticle(profile: StoryProfile, article: WeightedArticle, time: Date): StoryProfile {
  const iso = time.toISOString();
  const members = profileMembers(profile);
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
    members: {
      terms: members.terms + (article.terms.size > 0 ? 1 : 0),
      entities: members.entities + (article.entities.size > 0 ? 1 : 0),
      titleTerms: members.titleTerms + (article.titleTerms.size > 0 ? 1 : 0),
    },
  };
}

function subtract(from: WeightedKeys, pairs: Iterable<[string, number]>): Map<string, number> {
  const into = new Map(from);
  for (const [key, w] of pairs) {
    const left = (into.get(key) ?? 0) - w;
    // Keys the bounded centroid had already dropped stay dropped; rounding leftovers go too.
    if (!into.has(key)) continue;
    if (left > 1e-9) into.set(key, left);
    else into.delete(key);
  }
  return into;
}

/**
 * The profile without one of its articles (moved to another story by a re-clustering). Exact up to the
 * profile's bounds: the centroids only hold their strongest keys. The time span is left as it was: it only
 * ever widens, a story that lost its earliest article keeps matching from where it started.
 */
export function unfoldArticle(profile: StoryProfile, article: WeightedArticle): StoryProfile {
  const members = profileMembers(profile);
  return {
    ...profile,
    articleCount: Math.max(0, profile.articleCount - 1),
    terms: topEntries(subtract(profile.terms, article.terms), PROFILE_TERMS),
    entities: topEntries(subtract(profile.entities, article.entities), PROFILE_ENTITIES),
    entityCounts: topEntries(
      subtract(
        profile.entityCounts,
        [...article.entities.keys()].map((key): [string, number] => [key, 1]),
      ),
      PROFILE_ENTITIES,
    ),
    titleTerms: topEntries(subtract(profile.titleTerms, article.titleTerms), PROFILE_TITLE_TERMS),
    members: {
      terms: Math.max(0, members.terms - (article.terms.size > 0 ? 1 : 0)),
      entities: Math.max(0, members.entities - (article.entities.size > 0 ? 1 : 0)),
      titleTerms: Math.max(0, members.titleTerms - (article.titleTerms.size > 0 ? 1 : 0)),
    },
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
  const [a, b] = [profileMembers(into), profileMembers(from)];
  return {
    ...into,
    articleCount: into.articleCount + from.articleCount,
    firstSeen: earlier(into.firstSeen, from.firstSeen),
    lastSeen: later(into.lastSeen, from.lastSeen),
    terms: topEntries(add(new Map(into.terms), from.terms), PROFILE_TERMS),
    entities: topEntries(add(new Map(into.entities), from.entities), PROFILE_ENTITIES),
    entityCounts: topEntries(add(new Map(into.entityCounts), from.entityCounts), PROFILE_ENTITIES),
    titleTerms: topEntries(add(new Map(into.titleTerms), from.titleTerms), PROFILE_TITLE_TERMS),
    members: { terms: a.terms + b.terms, entities: a.entities + b.entities, titleTerms: a.titleTerms + b.titleTerms },
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
