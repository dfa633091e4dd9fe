import { NeighbourList } from './local-scaling';
import { WeightedKeys } from './story-profile';
import { WeightedArticle } from './weighted-article';

/**
 * A full-text article as a member of its story: its weighted vectors, kept so that the story's recent
 * articles can be re-clustered when a new one arrives, and its nearest neighbours so far (its local scale).
 * A syndicated copy is a member too (a wire story printed by six outlets is six reports of the event, and
 * makes the event's neighbourhood that much tighter), but it always stays in its canonical article's story.
 */
export interface StoryMember {
  articleId: string;
  storyId: string;
  /** The canonical article when this one is a syndicated copy, else null. */
  canonicalId: string | null;
  title: string | null;
  /** ISO timestamp: publication time when known, receive time otherwise. */
  time: string;
  terms: WeightedKeys;
  entities: WeightedKeys;
  titleTerms: WeightedKeys;
  neighbours: NeighbourList;
}

export function memberOf(
  article: { id: string; title: string | null; time: Date },
  storyId: string,
  vector: WeightedArticle,
  canonicalId: string | null = null,
): StoryMember {
  return {
    articleId: article.id,
    storyId,
    canonicalId,
    title: article.title,
    time: article.time.toISOString(),
    terms: [...vector.terms],
    entities: [...vector.entities],
    titleTerms: [...vector.titleTerms],
    neighbours: [],
  };
}

/**
 * Vectors built from frozen member arrays (a store that caches its reads hands the same frozen arrays to every
 * decision): rebuilding their Maps for each of a neighbourhood's ~300 members was a good part of a decision.
 */
const builtFromFrozen = new WeakMap<StoryMember['terms'], WeightedArticle>();

/** The member's vectors as Maps. Shared between calls for frozen arrays: read them, never change them. */
export function memberVector(member: StoryMember): WeightedArticle {
  const shared = Object.isFrozen(member.terms);
  const built = shared ? builtFromFrozen.get(member.terms) : undefined;
  if (built) return built;
  const vector = {
    terms: new Map(member.terms),
    entities: new Map(member.entities),
    titleTerms: new Map(member.titleTerms),
  };
  if (shared) builtFromFrozen.set(member.terms, vector);
  return vector;
}
