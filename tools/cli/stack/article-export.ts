import { DataSource } from 'typeorm';
import { DateBasis, dateBasis } from '@storyline/stories';
import { Provenance } from '@storyline/text';

/** An entity an article mentions, with how often. */
export interface ExportedMention {
  id: string;
  name: string;
  type: string;
  mentions: number;
}

/**
 * One exported article: its identity, its normalized title and text, where the pipeline put it (story and
 * syndication evidence), the entities it mentions, and its dates, each saying where it came from.
 */
export interface ExportedArticle {
  id: string;
  externalId: string | null;
  source: string | null;
  url: string | null;
  status: string;
  title: string | null;
  text: string | null;
  language: string | null;
  storyId: string | null;
  canonicalId: string | null;
  jaccard: number | null;
  containment: number | null;
  /** The publication time when one is known, else the receive time; null until normalized. */
  publishedAt: string | null;
  /** Where publishedAt came from: declared (submitter or page), read from the text, or the receive time. */
  publishedFrom: DateBasis | null;
  receivedAt: string;
  /** By mentions, then name; empty until the entities stage has run. */
  entities: ExportedMention[];
}

/** The columns of the CSV export, in order. */
export const ARTICLE_COLUMNS = [
  'id',
  'externalId',
  'source',
  'url',
  'status',
  'title',
  'text',
  'language',
  'storyId',
  'canonicalId',
  'jaccard',
  'containment',
  'publishedAt',
  'publishedFrom',
  'receivedAt',
  'entities',
] as const satisfies readonly (keyof ExportedArticle)[];

interface Row {
  id: string;
  external_id: string | null;
  source: string | null;
  url: string | null;
  status: string;
  title: string | null;
  text: string | null;
  language: string | null;
  story_id: string | null;
  canonical_id: string | null;
  jaccard: number | null;
  containment: number | null;
  published_at: Date | null;
  published_source: Provenance | null;
  received_at: Date;
  normalized: boolean;
  seq: string;
}

/**
 * Every article in arrival order (seq: intake order, a batch in its own order), one page at a time: keyset
 * pagination on seq keeps each query an index range scan and the process's memory flat however large the
 * table is. A page's mentions are read in one statement (ix_entity_mention_article).
 */
export async function* exportArticles(db: DataSource, pageSize = 1000): AsyncGenerator<ExportedArticle> {
  let after = '0';
  for (;;) {
    const rows: Row[] = await db.query(
      `SELECT a.id, a.external_id, a.source, a.url, a.status, a.title, a.text, a.language, a.story_id,
              a.canonical_id, l.jaccard, l.containment, a.published_at, a.metadata #>> '{publishedAt,source}' AS published_source,
              a.received_at, a.normalized_at IS NOT NULL AS normalized, a.seq
         FROM article a LEFT JOIN syndication_link l ON l.copy_id = a.id
        WHERE a.seq > $1 ORDER BY a.seq LIMIT $2`,
      [after, pageSize],
    );
    const mentions = await mentionsOf(
      db,
      rows.map((r) => r.id),
    );
    for (const r of rows) {
      yield {
        id: r.id,
        externalId: r.external_id,
        source: r.source,
        url: r.url,
        status: r.status,
        title: r.title,
        text: r.text,
        language: r.language,
        storyId: r.story_id,
        canonicalId: r.canonical_id,
        jaccard: r.jaccard,
        containment: r.containment,
        publishedAt: r.published_at?.toISOString() ?? null,
        publishedFrom: r.normalized ? dateBasis(r.published_source) : null,
        receivedAt: r.received_at.toISOString(),
        entities: mentions.get(r.id) ?? [],
      };
    }
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1].seq;
  }
}

/** The entities each of these articles mentions, with their mention counts. */
async function mentionsOf(db: DataSource, articleIds: string[]): Promise<Map<string, ExportedMention[]>> {
  if (!articleIds.length) return new Map();
  const rows: Array<{ article_id: string; id: string; name: string; type: string; mentions: number }> = await db.query(
    `SELECT m.article_id, e.id, e.canonical_name AS name, e.type, count(*)::int AS mentions
         FROM entity_mention m JOIN entity e ON e.id = m.entity_id
        WHERE m.article_id = ANY($1::uuid[])
        GROUP BY m.article_id, e.id
        ORDER BY m.article_id, mentions DESC, name, e.id`,
    [articleIds],
  );
  const byArticle = new Map<string, ExportedMention[]>();
  for (const { article_id, ...mention } of rows) {
    byArticle.set(article_id, [...(byArticle.get(article_id) ?? []), mention]);
  }
  return byArticle;
}
