import { EntityManager } from 'typeorm';
import { preparedQuery } from '@storyline/database';
import type { StorySnapshotV1 } from '@storyline/contracts';
import { EntityHead, entityHeadSql, topStoryEntities } from '../entities/story-entity-ranking';

const MAX_ARTICLES = 200;
const MAX_ENTITIES = 20;

interface SnapshotRow {
  id: string;
  title: string | null;
  version: number;
  article_count: number;
  first_seen_at: Date;
  last_seen_at: Date;
  sources: string[];
  n: number;
  articles: {
    id: string;
    title: string | null;
    source: string | null;
    url: string | null;
    published_at: string | null;
    canonical_id: string | null;
  }[];
  entities: EntityHead['rows'];
}

const READ_SNAPSHOT = `SELECT s.id, s.title, s.version, s.article_count, s.first_seen_at, s.last_seen_at, s.sources,
          greatest(1, s.entity_articles) AS n,
          (SELECT coalesce(json_agg(a ORDER BY a.at, a.id), '[]') FROM (
             SELECT id, title, source, url, published_at, canonical_id, coalesce(published_at, received_at) AS at
               FROM article WHERE story_id = s.id AND status = 'done'
              ORDER BY coalesce(published_at, received_at), id LIMIT ${MAX_ARTICLES}) a) AS articles,
          ${entityHeadSql('s.id')} AS entities
     FROM story s WHERE s.id = $1`;

/**
 * The story as a subscriber sees it, read inside the transaction that changed it, so the snapshot and the
 * version it carries always agree. One query reads the story, its first articles (ix_article_story_done: the
 * first MAX_ARTICLES only, whatever the story's size) and the head of its entity rows; a story with more entity
 * rows than the head holds reads the tiers it still needs (see topStoryEntities).
 */
export async function loadStorySnapshot(tx: EntityManager, storyId: string): Promise<StorySnapshotV1> {
  const [story] = await preparedQuery<SnapshotRow>(tx, READ_SNAPSHOT, [storyId]);
  if (!story) throw new Error(`story ${storyId} does not exist`);
  const entities = await topStoryEntities(tx, storyId, MAX_ENTITIES, { n: story.n, rows: story.entities });
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
    articles: story.articles.map((a) => ({
      id: a.id,
      title: a.title,
      source: a.source,
      url: a.url,
      publishedAt: a.published_at ? new Date(a.published_at).toISOString() : null,
      canonicalId: a.canonical_id,
    })),
  };
}
