import { NeighbourList } from './local-scaling';
import { WeightedKeys } from './story-profile';
import { WeightedArticle } from './weighted-article';

/**
 * A full-text article as a member of its story: its weighted vectors, kept so that the story's recent
 * articles can be re-clustered when a new one arrives, and its nearest neighbours so far (its local scale).
 * Syndicated copies are not members: they follow their canonical article.
 */
export interface StoryMember {
  articleId: string;
  storyId: string;
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
): StoryMember {
  return {
    articleId: article.id,
    storyId,
    title: article.title,
    time: article.time.toISOString(),
    terms: [...vector.terms],
    entities: [...vector.entities],
    titleTerms: [...vector.titleTerms],
    neighbours: [],
  };
}

export function memberVector(member: StoryMember): WeightedArticle {
  return { terms: new Map(member.terms), entities: new Map(member.entities), titleTerms: new Map(member.titleTerms) };
}
