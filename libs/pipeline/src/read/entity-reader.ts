import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { variantKey } from '@storyline/nlp';

/** `text` as a LIKE pattern that matches itself only: its own % and _ are not wildcards. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Entity lookup by any alias, fuzzily: trigram similarity (pg_trgm), prefix matches, and spelling variants — the
 * query's variant key (Kiev → the key of Kyiv) against a word of the entity's key, so a variant finds the entity
 * even when no article spelled it that way.
 */
@Injectable()
export class EntityReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async search(q: string, limit: number, type?: string) {
    const variant = variantKey(q);
    const rows: Record<string, any>[] = await this.db.query(
      `SELECT e.id, e.canonical_name, e.type, e.mention_count,
              greatest(max(similarity(lower(a.alias), lower($1))),
                       CASE WHEN bool_or(v.matches) THEN 1 ELSE 0 END) AS score,
              array_agg(a.alias ORDER BY a.count DESC) AS aliases
         FROM entity_alias a JOIN entity e ON e.id = a.entity_id
        CROSS JOIN LATERAL (SELECT $5 <> '' AND ' ' || split_part(e.key, ':', 2) || ' ' LIKE '% ' || $5 || ' %'
                              AS matches) v
        WHERE (lower(a.alias) % lower($1) OR lower(a.alias) LIKE $4 || '%' OR v.matches)
          AND ($3::text IS NULL OR e.type = $3)
        GROUP BY e.id ORDER BY score DESC, e.mention_count DESC LIMIT $2`,
      [q, limit, type ?? null, likeLiteral(q.toLowerCase()), variant],
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
