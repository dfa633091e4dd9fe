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
  received_at: Date;
}

/**
 * Every article in arrival order, one page at a time: keyset pagination on (received_at, id) keeps each
 * query an index range scan and the process's memory flat however large the table is.
 */
export async function* exportArticles(db: DataSource, pageSize = 1000): AsyncGenerator<ExportedArticle> {
  let after: { receivedAt: Date; id: string } | undefined;
  for (;;) {
    const rows: Row[] = await db.query(
      `SELECT a.id, a.external_id, a.source, a.story_id, a.canonical_id, l.jaccard, l.containment, a.status,
              a.received_at
         FROM article a LEFT JOIN syndication_link l ON l.copy_id = a.id
        WHERE $1::timestamptz IS NULL OR (a.received_at, a.id) > ($1::timestamptz, $2::uuid)
        ORDER BY a.received_at, a.id LIMIT $3`,
      [after?.receivedAt ?? null, after?.id ?? null, pageSize],
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
    const last = rows[rows.length - 1];
    after = { receivedAt: last.received_at, id: last.id };
  }
}
