import { DataSource } from 'typeorm';

/** One exported article: its identity, where the pipeline put it, and its syndication evidence. */
export interface ExportedArticle {
  id: string;
  externalId: string | null;
  source: string | null;
  storyId: string | null;
  canonicalId: string | null;
  jaccard: number | null;
  containment: number | null;
  status: string;
}

interface Row {
  id: string;
  external_id: string | null;
  source: string | null;
  story_id: string | null;
  canonical_id: string | null;
  jaccard: number | null;
  containment: number | null;
  status: string;
  seq: string;
}

/**
 * Every article in arrival order (seq: intake order, a batch in its own order), one page at a time: keyset
 * pagination on seq keeps each query an index range scan and the process's memory flat however large the
 * table is.
 */
export async function* exportArticles(db: DataSource, pageSize = 1000): AsyncGenerator<ExportedArticle> {
  let after = '0';
  for (;;) {
    const rows: Row[] = await db.query(
      `SELECT a.id, a.external_id, a.source, a.story_id, a.canonical_id, l.jaccard, l.containment, a.status, a.seq
         FROM article a LEFT JOIN syndication_link l ON l.copy_id = a.id
        WHERE a.seq > $1 ORDER BY a.seq LIMIT $2`,
      [after, pageSize],
    );
    for (const r of rows) {
      yield {
        id: r.id,
        externalId: r.external_id,
        source: r.source,
        storyId: r.story_id,
        canonicalId: r.canonical_id,
        jaccard: r.jaccard,
        containment: r.containment,
        status: r.status,
      };
    }
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1].seq;
  }
}
