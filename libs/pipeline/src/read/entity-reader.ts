import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { salienceSql } from '../entities/story-entity-ranking';
import { variantKeysOf } from './entity-names';

/** `text` as a LIKE pattern that matches itself only: its own % and _ are not wildcards. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Entity lookup by any alias, fuzzily: trigram similarity and prefix matches on the aliases (pg_trgm's index),
 * plus spelling variants (variantKeysOf), found by the unique key index.
 */
@Injectable()
export class EntityReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async search(q: string, limit: number, type?: string) {
    const variantKeys = variantKeysOf(q);
    const rows: Record<string, any>[] = await this.db.query(
      `WITH found AS (
         SELECT a.entity_id AS id FROM entity_alias a
          WHERE lower(a.alias) % lower($1) OR lower(a.alias) LIKE $4 || '%'
         UNION
         SELECT e.id FROM entity e WHERE e.key = ANY($5::text[]))
       SELECT e.id, e.canonical_name, e.type, e.mention_count,
              greatest(max(similarity(lower(a.alias), lower($1))),
                       CASE WHEN e.key = ANY($5::text[]) THEN 1 ELSE 0 END) AS score,
              array_agg(a.alias ORDER BY a.count DESC) AS aliases
         FROM found JOIN entity e ON e.id = found.id JOIN entity_alias a ON a.entity_id = e.id
        WHERE $3::text IS NULL OR e.type = $3
        GROUP BY e.id ORDER BY score DESC, e.mention_count DESC, e.id LIMIT $2`,
      [q, limit, type ?? null, likeLiteral(q.toLowerCase()), variantKeys],
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
      `SELECT s.id, s.title, s.updated_at, s.article_count, se.mentions,
              ${salienceSql('se', 'greatest(1, s.entity_articles)')} AS salience
         FROM story_entity se JOIN story s ON s.id = se.story_id
        WHERE se.entity_id = $1 AND s.merged_into_id IS NULL
        ORDER BY s.updated_at DESC, s.id DESC LIMIT 20`,
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
