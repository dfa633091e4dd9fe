import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dateBasis } from '@storyline/stories';
import { topEntitiesOfStories, topStoryEntities } from '../entities/story-entity-ranking';
import { decodeCursor, encodeCursor, INVALID_CURSOR } from './cursor';
import { entityIdsNamed } from './entity-names';
import { PUBLISHED_SOURCE, readStoryComposition, readStoryTexts, StoryText } from './story-composition';
import { ENTITY_STORIES_FEW, StoryFilter, storyFilterSql } from './story-filter';
import { decodeStoryCursor, encodeStoryCursor, StorySort, storyOrder } from './story-list-order';

export interface StoryListQuery {
  limit: number;
  cursor?: string;
  sort: StorySort;
  filter: StoryFilter;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Articles a story's own view carries; `GET /v1/stories/:id/articles` pages through the rest. */
export const STORY_VIEW_ARTICLES = 100;

/** Top entities each story of a listing or a search result carries. */
export const LISTED_ENTITIES = 5;

/** Stories as the query API shows them. Only stories subscribers have heard of (version > 0) are listed. */
@Injectable()
export class StoryReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A page of live stories that pass the filter, in the sort's order (descending, ties by id descending). */
  async list(q: StoryListQuery): Promise<Page<Record<string, unknown>> | typeof INVALID_CURSOR> {
    const cursor = q.cursor ? decodeStoryCursor(q.sort, q.cursor) : null;
    if (q.cursor && !cursor) return INVALID_CURSOR;
    const params: unknown[] = [q.limit + 1];
    const add = (value: unknown) => `$${params.push(value)}`;
    const { column, cursorKey } = storyOrder(q.sort);
    const where = ['s.merged_into_id IS NULL', 's.version > 0', ...storyFilterSql(q.filter, add)];
    if (cursor) {
      // Compared as the column's own type: a time to the microsecond, a count as an int.
      const type = q.sort === 'size' ? 'int' : 'timestamptz';
      where.push(`(${column}, s.id) < (${add(cursor.key)}::${type}, ${add(cursor.id)}::uuid)`);
    }
    const rows: Record<string, any>[] = await this.db.query(
      `SELECT s.id, s.title, s.version, s.article_count, s.first_seen_at, s.last_seen_at, s.updated_at, s.sources,
              ${cursorKey} AS cursor_key
         FROM story s WHERE ${where.join(' AND ')}
        ORDER BY ${column} DESC, s.id DESC LIMIT $1`,
      params,
    );
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    const entities = await topEntitiesOfStories(
      this.db,
      page.map((r) => r.id as string),
      LISTED_ENTITIES,
    );
    return {
      items: page.map((r) => ({ ...presentStory(r), entities: entities.get(r.id) ?? [] })),
      nextCursor:
        rows.length > q.limit && last ? encodeStoryCursor(q.sort, { key: last.cursor_key, id: last.id }) : null,
    };
  }

  /** An entity filter's entities: the id it is, or those known by the name it is (none: no story passes). */
  async entityIds(entity: string): Promise<string[]> {
    return UUID.test(entity) ? [entity] : entityIdsNamed(this.db, entity);
  }

  /** Whether these entities are in fewer than ENTITY_STORIES_FEW stories: counted from the index, at most that far. */
  async entitiesInFewStories(entityIds: string[]): Promise<boolean> {
    const [{ n }] = await this.db.query(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM story_entity WHERE entity_id = ANY($1::uuid[]) LIMIT $2) x`,
      [entityIds, ENTITY_STORIES_FEW],
    );
    return n < ENTITY_STORIES_FEW;
  }

  /**
   * The story with its first articles (`articlesNextCursor` continues them), top entities and merges, and how it is
   * made up: its texts with their copies, its timeline and languages.
   */
  async get(id: string): Promise<Record<string, unknown> | null> {
    const [story] = await this.db.query(
      `SELECT id, title, version, article_count, first_seen_at, last_seen_at, updated_at, sources, merged_into_id
         FROM story WHERE id = $1`,
      [id],
    );
    if (!story) return null;
    const articles = (await this.articles(id, { limit: STORY_VIEW_ARTICLES })) as Page<Record<string, unknown>>;
    const merges = await this.db.query(
      `SELECT merged_story_id, article_id, created_at FROM story_merge WHERE into_story_id = $1 ORDER BY created_at, merged_story_id`,
      [id],
    );
    return {
      ...presentStory(story),
      mergedIntoId: story.merged_into_id,
      entities: await this.topEntities(id, 25),
      articles: articles.items,
      articlesNextCursor: articles.nextCursor,
      merges: merges.map((m: any) => ({ mergedStoryId: m.merged_story_id, articleId: m.article_id, at: m.created_at })),
      ...(await readStoryComposition(this.db, id)),
    };
  }

  /**
   * A page of the story's articles, oldest first (by publication time, receipt time for undated ones), each with
   * its syndication link and the ids of its copies. Null when there is no such story.
   */
  async articles(
    storyId: string,
    q: { limit: number; cursor?: string },
  ): Promise<Page<Record<string, unknown>> | typeof INVALID_CURSOR | null> {
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    if (q.cursor && !cursor) return INVALID_CURSOR;
    const params: unknown[] = [storyId, q.limit + 1];
    let after = '';
    if (cursor) {
      params.push(cursor.at, cursor.id);
      after = `AND (coalesce(a.published_at, a.received_at), a.id) > ($3::timestamptz, $4::uuid)`;
    }
    const rows: Record<string, any>[] = await this.db.query(
      `SELECT a.id, a.title, a.source, a.url, a.published_at, ${PUBLISHED_SOURCE}, a.status, a.canonical_id, a.word_count,
              l.kind AS link_kind, l.jaccard, l.containment,
              to_char(coalesce(a.published_at, a.received_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
         FROM article a LEFT JOIN syndication_link l ON l.copy_id = a.id
        WHERE a.story_id = $1 ${after}
        ORDER BY coalesce(a.published_at, a.received_at), a.id LIMIT $2`,
      params,
    );
    if (rows.length === 0 && !(await this.db.query(`SELECT 1 FROM story WHERE id = $1`, [storyId])).length) return null;
    const page = rows.slice(0, q.limit);
    // Copies on any page: a canonical's copies are in its story, but not necessarily next to it in time.
    const copies: Array<{ id: string; canonical_id: string }> = page.length
      ? await this.db.query(
          `SELECT id, canonical_id FROM article WHERE canonical_id = ANY($1::uuid[]) AND story_id = $2 ORDER BY id`,
          [page.map((a) => a.id), storyId],
        )
      : [];
    const copiesOf = new Map<string, string[]>();
    for (const c of copies) copiesOf.set(c.canonical_id, [...(copiesOf.get(c.canonical_id) ?? []), c.id]);
    const last = page[page.length - 1];
    return {
      items: page.map((a) => ({
        id: a.id,
        title: a.title,
        source: a.source,
        url: a.url,
        publishedAt: a.published_at,
        publishedFrom: dateBasis(a.published_source),
        status: a.status,
        wordCount: a.word_count,
        canonicalId: a.canonical_id,
        syndication: a.link_kind
          ? { kind: a.link_kind, canonicalId: a.canonical_id, jaccard: a.jaccard, containment: a.containment }
          : null,
        copies: copiesOf.get(a.id) ?? [],
      })),
      nextCursor: rows.length > q.limit ? encodeCursor({ at: last.cursor_at, id: last.id }) : null,
    };
  }

  /** A page of the story's texts (see readStoryTexts). Null when there is no such story. */
  async texts(
    storyId: string,
    q: { limit: number; cursor?: string },
  ): Promise<Page<StoryText> | typeof INVALID_CURSOR | null> {
    const page = await readStoryTexts(this.db, storyId, q);
    if (page === INVALID_CURSOR) return page;
    if (!page.items.length && !(await this.db.query(`SELECT 1 FROM story WHERE id = $1`, [storyId])).length)
      return null;
    return page;
  }

  private topEntities(storyId: string, limit: number) {
    return topStoryEntities(this.db, storyId, limit);
  }
}

export function presentStory(r: Record<string, any>) {
  return {
    id: r.id,
    title: r.title,
    version: r.version,
    articleCount: r.article_count,
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    updatedAt: r.updated_at,
    sources: r.sources,
  };
}
