import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from './cursor';

export interface StoryListQuery {
  limit: number;
  cursor?: string;
  entityId?: string;
}

/** Stories as the query API shows them. Only stories subscribers have heard of (version > 0) are listed. */
@Injectable()
export class StoryReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(q: StoryListQuery): Promise<{ items: Record<string, unknown>[]; nextCursor: string | null } | null> {
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    if (q.cursor && !cursor) return null;
    const params: unknown[] = [q.limit + 1];
    const where = ['s.merged_into_id IS NULL', 's.version > 0'];
    if (cursor) {
      params.push(cursor.updatedAt, cursor.id);
      where.push(`(s.updated_at, s.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    if (q.entityId) {
      params.push(q.entityId);
      where.push(
        `EXISTS (SELECT 1 FROM story_entity se WHERE se.story_id = s.id AND se.entity_id = $${params.length})`,
      );
    }
    const rows: Record<string, any>[] = await this.db.query(
      // The cursor keeps updated_at to the microsecond, as stored: one transaction stamps every story it touches
      // with the same now(), and a cursor cut to milliseconds would skip those that differ below it.
      `SELECT s.id, s.title, s.version, s.article_count, s.first_seen_at, s.last_seen_at, s.updated_at, s.sources,
              to_char(s.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
         FROM story s WHERE ${where.join(' AND ')}
        ORDER BY s.updated_at DESC, s.id DESC LIMIT $1`,
      params,
    );
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      items: await Promise.all(
        page.map(async (r) => ({ ...presentStory(r), entities: await this.topEntities(r.id, 5) })),
      ),
      nextCursor: rows.length > q.limit && last ? encodeCursor({ updatedAt: last.cursor_at, id: last.id }) : null,
    };
  }

  async get(id: string): Promise<Record<string, unknown> | null> {
    const [story] = await this.db.query(
      `SELECT id, title, version, article_count, first_seen_at, last_seen_at, updated_at, sources, merged_into_id
         FROM story WHERE id = $1`,
      [id],
    );
    if (!story) return null;
    const articles: Record<string, any>[] = await this.db.query(
      `SELECT a.id, a.title, a.source, a.url, a.published_at, a.status, a.canonical_id, a.word_count,
              l.kind AS link_kind, l.jaccard, l.containment
         FROM article a LEFT JOIN syndication_link l ON l.copy_id = a.id
        WHERE a.story_id = $1 ORDER BY coalesce(a.published_at, a.received_at), a.id`,
      [id],
    );
    const merges = await this.db.query(
      `SELECT merged_story_id, article_id, created_at FROM story_merge WHERE into_story_id = $1 ORDER BY created_at`,
      [id],
    );
    const copiesOf = new Map<string, string[]>();
    for (const a of articles) {
      if (!a.canonical_id) continue;
      const copies = copiesOf.get(a.canonical_id);
      if (copies) copies.push(a.id);
      else copiesOf.set(a.canonical_id, [a.id]);
    }
    return {
      ...presentStory(story),
      mergedIntoId: story.merged_into_id,
      entities: await this.topEntities(id, 25),
      articles: articles.map((a) => ({
        id: a.id,
        title: a.title,
        source: a.source,
        url: a.url,
        publishedAt: a.published_at,
        status: a.status,
        wordCount: a.word_count,
        canonicalId: a.canonical_id,
        syndication: a.link_kind
          ? { kind: a.link_kind, canonicalId: a.canonical_id, jaccard: a.jaccard, containment: a.containment }
          : null,
        copies: copiesOf.get(a.id) ?? [],
      })),
      merges: merges.map((m: any) => ({ mergedStoryId: m.merged_story_id, articleId: m.article_id, at: m.created_at })),
    };
  }

  private async topEntities(storyId: string, limit: number) {
    const rows: Record<string, any>[] = await this.db.query(
      `SELECT e.id, e.canonical_name, e.type, se.salience, se.mentions, se.articles, se.in_title
         FROM story_entity se JOIN entity e ON e.id = se.entity_id
        WHERE se.story_id = $1 ORDER BY se.salience DESC, e.canonical_name LIMIT $2`,
      [storyId, limit],
    );
    return rows.map((e) => ({
      id: e.id,
      name: e.canonical_name,
      type: e.type,
      salience: Number(e.salience),
      mentions: e.mentions,
      articles: e.articles,
      inTitle: e.in_title,
    }));
  }
}

function presentStory(r: Record<string, any>) {
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
