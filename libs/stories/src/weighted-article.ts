import { ArticleFeatures, ENTITY_PREFIX } from './article-features';
import { idf } from './term-statistics';

/**
 * An article's features weighted by how rare they are, each as a unit-length vector: the form it is scored
 * against stories in and folded into their centroids.
 */
export interface WeightedArticle {
  /** TF-IDF over the strongest {@link ARTICLE_TERMS} content terms. */
  terms: Map<string, number>;
  /** Entity key → IDF × (1 + ln mentions), strongest {@link ARTICLE_ENTITIES}. */
  entities: Map<string, number>;
  /** Headline term → IDF. */
  titleTerms: Map<string, number>;
}

/** Terms kept per article: the tail of a long article's vector is noise for story matching. */
export const ARTICLE_TERMS = 60;
export const ARTICLE_ENTITIES = 30;

/** The keys whose document frequencies {@link weighArticle} needs. */
export function lookupKeys(features: ArticleFeatures): string[] {
  const keys = new Set(features.terms.keys());
  for (const key of features.entities.keys()) keys.add(ENTITY_PREFIX + key);
  for (const [key, { term }] of features.uncertainEntities) {
    keys.add(ENTITY_PREFIX + key);
    keys.add(term);
  }
  return [...keys];
}

/** The keys an article adds to the statistics: its terms and the entity keys it was found to have. */
export function observedKeys(features: ArticleFeatures, article: WeightedArticle): string[] {
  return [...features.terms.keys(), ...[...article.entities.keys()].map((k) => ENTITY_PREFIX + k)];
}

/**
 * Whether a capitalised sentence opener is a name: yes unless the word is common as an ordinary term and
 * seldom counted as an entity ("Officials" opens many sentences but is rarely a name; "Kuleba" is always one).
 */
export function isLikelyName(termDf: number, entityDf: number, docCount: number): boolean {
  const common = termDf >= Math.max(3, 0.002 * docCount);
  return !common || 2 * entityDf >= termDf;
}

export function topEntries(weights: Map<string, number>, limit: number): Array<[string, number]> {
  // Ties broken by key so the result never depends on insertion order.
  return [...weights.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, limit);
}

function unit(weights: Map<string, number>, limit: number): Map<string, number> {
  const top = topEntries(weights, limit);
  const norm = Math.sqrt(top.reduce((sum, [, w]) => sum + w * w, 0)) || 1;
  return new Map(top.map(([key, w]) => [key, w / norm]));
}

export function weighArticle(features: ArticleFeatures, df: Map<string, number>, docCount: number): WeightedArticle {
  const weight = (key: string, count: number): number => (1 + Math.log(count)) * idf(df.get(key) ?? 0, docCount);
  const terms = new Map<string, number>();
  for (const [term, tf] of features.terms) terms.set(term, weight(term, tf));
  const entities = new Map<string, number>();
  for (const [key, mentions] of features.entities) entities.set(key, weight(ENTITY_PREFIX + key, mentions));
  for (const [key, { term, mentions }] of features.uncertainEntities) {
    if (isLikelyName(df.get(term) ?? 0, df.get(ENTITY_PREFIX + key) ?? 0, docCount)) {
      entities.set(key, weight(ENTITY_PREFIX + key, mentions));
    }
  }
  const titleTerms = new Map<string, number>();
  for (const term of features.titleTerms) titleTerms.set(term, weight(term, 1));
  return {
    terms: unit(terms, ARTICLE_TERMS),
    entities: unit(entities, ARTICLE_ENTITIES),
    titleTerms: unit(titleTerms, ARTICLE_TERMS),
  };
}
