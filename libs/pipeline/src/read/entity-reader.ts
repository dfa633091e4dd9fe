import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Entity lookup by any alias, fuzzily: trigram similarity (pg_trgm) plus prefix matches. */
@Injectable()
export class EntityReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async search(q: string, limit: number, type?: string) {
    const rows: Record<string, any>[] = await this.db.query(
      `SELECT e.id, e.canonical_name, e.type, e.mention_count, max(similarity(lower(a.alias), lower($1))) AS score,
              array_agg(a.alias ORDER BY a.count DESC) AS aliases
         FROM entity_alias a JOIN entity e ON e.id = a.entity_id
        WHERE (lower(a.alias) % lower($1) OR lower(a.alias) LIKE lower($1) || '%')
          AND ($3::text IS NULL OR e.type = $3)
        GROUP BY e.id ORDER BY score DESC, e.mention_count DESC LIMIT $2`,
      [q, limit, type ?? null],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.canonical_name,
      type: r.type,
      mentions: r.mention_count,
      aliases: r.aliases,
      score: Number(r.score),
    }));
  }

  async get(id: string) {
    const [e] = await this.db.query(`SELECT * FROM entity WHERE id = $1`, [id]);
    if (!e) return null;
    const aliases = await this.db.query(
      `SELECT alias, count FROM entity_alias WHERE entity_id = $1 ORDER BY count DESC, alias`,
      [id],
    );
    const stories = await this.db.query(
      `SELECT s.id, s.title, s.updated_at, s.article_count, se.salience, se.mentions
         FROM story_entity se JOIN story s ON s.id = se.story_id
        WHERE se.entity_id = $1 AND s.merged_into_id IS NULL
        ORDER BY s.updated_at DESC LIMIT 20`,
      [id],
    );
    return {
      id: e.id,
      key: e.key,
      name: e.canonical_name,
      type: e.type,
      mentions: e.mention_count,
      aliases: aliases.map((a: any) => ({ alias: a.alias, count: a.count })),
      recentStories: stories.map((s: any) => ({
        id: s.id,
        title: s.title,
        updatedAt: s.updated_at,
        articleCount: s.article_count,
        salience: Number(s.salience),
        mentions: s.mentions,
      })),
    };
  }
}
