import { preparedQuery, StatementPipeline } from '@storyline/database';
import { EntityManager } from 'typeorm';
import { IndexedArticle, SyndicationIndex, SyndicationLookup } from '@storyline/stories';
import { deserializeFingerprint, SerializedFingerprint, serializeFingerprint, TextFingerprint } from '@storyline/text';

/** Articles read per LSH bucket, newest first: what keeps a lookup's cost independent of the corpus size. */
const BUCKET_LIMIT = 100;

/**
 * The exact duplicate (content hash $1) and the articles sharing the most of the band keys $2 (at most $3), each
 * with its fingerprint: `shared` is null for an exact duplicate outside them. Each fingerprint is read by its key
 * (OFFSET 0 keeps the planner from turning the lookups into a scan of the table, which it estimates from the CTEs).
 */
const LOOKUP = `WITH banded AS (
    SELECT c.article_id, count(*)::int AS shared FROM unnest($2::text[]) AS k(key)
      CROSS JOIN LATERAL (SELECT b.article_id FROM lsh_band b WHERE b.band = hashtextextended(k.key, 0)
                           ORDER BY b.article_seq DESC LIMIT ${BUCKET_LIMIT}) c
     GROUP BY c.article_id ORDER BY count(*) DESC, c.article_id LIMIT $3),
  exact AS (
    SELECT article_id FROM article_fingerprint WHERE content_hash = $1 ORDER BY created_at, article_id LIMIT 1),
  found AS (
    SELECT article_id, max(shared) AS shared, bool_or(exact) AS exact
      FROM (SELECT article_id, shared, false AS exact FROM banded
            UNION ALL SELECT article_id, NULL, true FROM exact) ids
     GROUP BY article_id)
  SELECT found.article_id, f.canonical_id, f.fingerprint, found.shared, found.exact
    FROM found CROSS JOIN LATERAL (SELECT canonical_id, fingerprint FROM article_fingerprint
                                    WHERE article_id = found.article_id OFFSET 0) f`;

interface FingerprintRow {
  article_id: string;
  canonical_id: string;
  fingerprint: SerializedFingerprint;
}

const indexed = (row: FingerprintRow): IndexedArticle => ({
  canonicalId: row.canonical_id,
  fingerprint: deserializeFingerprint(row.fingerprint),
});

/**
 * {@link SyndicationIndex} on `lsh_band` (bands by the hash of their key, see LshBand) and `article_fingerprint`,
 * inside the dedupe transaction.
 */
export class PgSyndicationIndex implements SyndicationIndex {
  private pending?: { articleId: string; fingerprint: TextFingerprint; bandKeys: string[]; canonicalId: string };

  /** @param writes where the index's writes go (see PgStoryStore): settled by the decision before it commits. */
  constructor(
    private readonly tx: EntityManager,
    private readonly writes: StatementPipeline = StatementPipeline.inOrder(tx),
  ) {}

  async lookup(contentHash: string | null, bandKeys: string[], limit: number): Promise<SyndicationLookup> {
    // Not prepared: Postgres' generic plan of the band lookup ran slower than planning it for each call's bands.
    const rows: (FingerprintRow & { shared: number | null; exact: boolean })[] = await this.tx.query(LOOKUP, [
      contentHash,
      bandKeys,
      limit,
    ]);
    const candidateIds = rows
      .filter((r) => r.shared !== null)
      .sort((a, b) => b.shared! - a.shared! || (a.article_id < b.article_id ? -1 : 1))
      .map((r) => r.article_id);
    return {
      exactDuplicateOf: rows.find((r) => r.exact)?.article_id ?? null,
      candidateIds,
      articles: new Map(rows.map((r) => [r.article_id, indexed(r)])),
    };
  }

  async articles(articleIds: string[]): Promise<Map<string, IndexedArticle>> {
    if (!articleIds.length) return new Map();
    const rows: FingerprintRow[] = await preparedQuery(
      this.tx,
      `SELECT article_id, canonical_id, fingerprint FROM article_fingerprint WHERE article_id = ANY($1)`,
      [articleIds],
    );
    return new Map(rows.map((r) => [r.article_id, indexed(r)]));
  }

  async members(canonicalId: string): Promise<string[]> {
    const rows: { article_id: string }[] = await preparedQuery(
      this.tx,
      `SELECT article_id FROM article_fingerprint WHERE canonical_id = $1 AND article_id <> $1 ORDER BY article_id`,
      [canonicalId],
    );
    return rows.map((r) => r.article_id);
  }

  /**
   * Kept until {@link flush}, which the decision calls once it has its story: no read of the decision needs the
   * article's own row, and a decision made again (a stale optimistic read, see PgStoryStore) then leaves no rolled-back
   * band rows behind — ~100 dead rows each.
   */
  async add(articleId: string, fingerprint: TextFingerprint, bandKeys: string[], canonicalId: string): Promise<void> {
    this.pending = { articleId, fingerprint, bandKeys, canonicalId };
  }

  /** Writes the article kept by `add`, the fingerprint and its bands in one statement. */
  async flush(): Promise<void> {
    if (!this.pending) return;
    const { articleId, fingerprint, bandKeys, canonicalId } = this.pending;
    this.pending = undefined;
    await this.writes.send(
      `WITH fingerprint AS (
         INSERT INTO article_fingerprint (article_id, content_hash, canonical_id, fingerprint) VALUES ($1, $2, $3, $4)
         ON CONFLICT (article_id) DO UPDATE SET content_hash = $2, canonical_id = $3, fingerprint = $4)
       INSERT INTO lsh_band (band, article_id, article_seq)
       SELECT hashtextextended(k, 0), $1, (SELECT seq FROM article WHERE id = $1) FROM unnest($5::text[]) AS k
       ON CONFLICT DO NOTHING`,
      [articleId, fingerprint.contentHash, canonicalId, JSON.stringify(serializeFingerprint(fingerprint)), bandKeys],
    );
  }

  async repoint(fromCanonicalId: string, toCanonicalId: string): Promise<void> {
    await this.writes.send(
      `UPDATE article_fingerprint SET canonical_id = $2 WHERE canonical_id = $1 OR article_id = $1`,
      [fromCanonicalId, toCanonicalId],
    );
  }
}
