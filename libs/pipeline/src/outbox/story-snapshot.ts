import { EntityManager } from 'typeorm';
import type { StorySnapshotV1 } from '@storyline/contracts';
import { topStoryEntities } from '../entities/story-entity-ranking';

const MAX_ARTICLES = 200;
const MAX_ENTITIES = 20;

/**
 * The story as a subscriber sees it, read inside the transaction that changed it, so the snapshot and the
 * version it carries always agree.
 */
export async function loadStorySnapshot(tx: EntityManager, storyId: string): Promise<StorySnapshotV1> {
  const [story] = await tx.query(
    `SELECT id, title, version, article_count, first_seen_at, last_seen_at, sources FROM story WHERE id = $1`,
    [storyId],
  );
  if (!story) throw new Error(`story ${storyId} does not exist`);
  const articles: Record<string, unknown>[] = await tx.query(
    `SELECT id, title, source, url, published_at, canonical_id FROM article
      WHERE story_id = $1 AND status = 'done'
      ORDER BY coalesce(published_at, received_at), id LIMIT ${MAX_ARTICLES}`,
    [storyId],
  );
  const entities = await topStoryEntities(tx, storyId, MAX_ENTITIES);
  return {
    id: story.id,
    version: story.version,
    title: story.title,
    firstSeenAt: new Date(story.first_seen_at).toISOString(),
    lastSeenAt: new Date(story.last_seen_at).toISOString(),
    articleCount: story.article_count,
    sources: story.sources,
    entities: entities.map((e) => ({
      id: e.id,
      name: e.name,
      type: e.type as 'PERSON' | 'ORGANIZATION' | 'LOCATION',
      salience: e.salience,
      mentions: e.mentions,
    })),
    articles: articles.map((a) => ({
      id: a.id as string,
      title: (a.title as string | null) ?? null,
      source: (a.source as string | null) ?? null,
      url: (a.url as string | null) ?? null,
      publishedAt: a.published_at ? new Date(a.published_at as string).toISOString() : null,
      canonicalId: (a.canonical_id as string | null) ?? null,
    })),
  };
}
