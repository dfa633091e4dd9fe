/**
 * What a story must be to be listed (`GET /v1/stories`, and its ranked form with `q`): conditions on the story's
 * own columns, or on its entity aggregates and articles, each found through an index of the story.
 */
export interface StoryFilter {
  /** First seen at or after (inclusive). */
  firstSeenFrom?: string;
  /** First seen before (exclusive). */
  firstSeenTo?: string;
  /** Last updated at or after (inclusive). */
  updatedFrom?: string;
  /** Last updated before (exclusive). */
  updatedTo?: string;
  /** Mentions any of these entities (an id, or every entity a name is known by: see entityIdsNamed). */
  entityIds?: string[];
  /**
   * The entities are in few stories (see ENTITY_STORIES_FEW): the stories are found from theirs
   * (ix_story_entity_entity_story) instead of by walking the listing's order and probing each.
   */
  entityFew?: boolean;
  /** Has an article from this source. */
  source?: string;
  /** Has a done article detected in this language (ISO 639-1). */
  language?: string;
  minArticles?: number;
  minSources?: number;
}

/**
 * Stories of an entity filter below which the listing starts from the entity's stories: a common entity's stories
 * turn up early in any order, a rare one's only after most of it is walked; reading and sorting a few thousand
 * stories costs about what walking the order for a rare entity does.
 */
export const ENTITY_STORIES_FEW = 5000;

/**
 * The filter as SQL conditions on story `s`, its values passed through `add` (which returns the placeholder):
 * never text from the request in the statement.
 */
export function storyFilterSql(f: StoryFilter, add: (value: unknown) => string): string[] {
  const where: string[] = [];
  if (f.firstSeenFrom) where.push(`s.first_seen_at >= ${add(f.firstSeenFrom)}::timestamptz`);
  if (f.firstSeenTo) where.push(`s.first_seen_at < ${add(f.firstSeenTo)}::timestamptz`);
  if (f.updatedFrom) where.push(`s.updated_at >= ${add(f.updatedFrom)}::timestamptz`);
  if (f.updatedTo) where.push(`s.updated_at < ${add(f.updatedTo)}::timestamptz`);
  if (f.entityIds && f.entityFew) {
    // OFFSET 0 keeps the planner from folding the entity's stories into a probe per story of the order's walk.
    where.push(
      `s.id IN (SELECT se.story_id FROM story_entity se WHERE se.entity_id = ANY(${add(f.entityIds)}::uuid[]) OFFSET 0)`,
    );
  } else if (f.entityIds) {
    where.push(
      `EXISTS (SELECT 1 FROM story_entity se WHERE se.story_id = s.id AND se.entity_id = ANY(${add(f.entityIds)}::uuid[]))`,
    );
  }
  // sources is the story's distinct sources, kept by dedupe: no article needs reading. Containment, not = ANY:
  // ix_story_sources (GIN) answers it, so a source few stories have is found without walking the order's index.
  if (f.source) where.push(`s.sources @> ARRAY[${add(f.source)}::text]`);
  if (f.minSources) where.push(`cardinality(s.sources) >= ${add(f.minSources)}::int`);
  if (f.minArticles) where.push(`s.article_count >= ${add(f.minArticles)}::int`);
  if (f.language) {
    // ix_article_done_language: a rare language's stories from the index, a common one probed per story.
    where.push(
      `EXISTS (SELECT 1 FROM article a WHERE a.story_id = s.id AND a.status = 'done' AND a.language = ${add(f.language)})`,
    );
  }
  return where;
}
