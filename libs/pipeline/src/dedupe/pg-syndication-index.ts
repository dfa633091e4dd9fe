import { preparedQuery } from '@storyline/database';
import { EntityManager } from 'typeorm';
import { IndexedArticle, SyndicationIndex } from '@storyline/stories';
import { deserializeFingerprint, SerializedFingerprint, serializeFingerprint, TextFingerprint } from '@storyline/text';

/** Articles read per LSH bucket, newest first: what keeps a lookup's cost independent of the corpus size. */
const BUCKET_LIMIT = 100;

/**
 * {@link SyndicationIndex} on `lsh_band` (bands by the hash of their key, see LshBand) and `article_fingerprint`,
 * inside the dedupe transaction.
 */
export class PgSyndicationIndex implements SyndicationIndex {
  private pending?: { articleId: string; fingerprint: TextFingerprint; bandKeys: string[]; canonicalId: string };

  constructor(private readonly tx: EntityManager) {}

  async candidates(bandKeys: string[], limit: number): Promise<string[]> {
    if (!bandKeys.length) return [];
    // Not prepared: Postgres' generic plan of it ran slower than planning it for each call's bands.
    const rows: { article_id: string }[] = await this.tx.query(
      `SELECT c.article_id FROM unnest($1::text[]) AS k(key)
         CROSS JOIN LATERAL (SELECT b.article_id FROM lsh_band b WHERE b.band = hashtextextended(k.key, 0)
                              ORDER BY b.article_seq DESC LIMIT ${BUCKET_LIMIT}) c
        GROUP BY c.article_id ORDER BY count(*) DESC, c.article_id LIMIT $2`,
      [bandKeys, limit],
    );
    return rows.map((r) => r.article_id);
  }

  async byContentHash(contentHash: string): Promise<string | null> {
    const [row] = await preparedQuery(
      this.tx,
      `SELECT article_id FROM article_fingerprint WHERE content_hash = $1 ORDER BY created_at, article_id LIMIT 1`,
      [contentHash],
    );
    return row?.article_id ?? null;
  }

  async articles(articleIds: string[]): Promise<Map<string, IndexedArticle>> {
    if (!articleIds.length) return new Map();
    const rows: { article_id: string; canonical_id: string; fingerprint: SerializedFingerprint }[] =
      await preparedQuery(
        this.tx,
        `SELECT article_id, canonical_id, fingerprint FROM article_fingerprint WHERE article_id = ANY($1)`,
        [articleIds],
      );
    return new Map(
      rows.map((r) => [
        r.article_id,
        { canonicalId: r.canonical_id, fingerprint: deserializeFingerprint(r.fingerprint) },
      ]),
    );
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
    await preparedQuery(
      this.tx,
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
    await preparedQuery(
      this.tx,
      `UPDATE article_fingerprint SET canonical_id = $2 WHERE canonical_id = $1 OR article_id = $1`,
      [fromCanonicalId, toCanonicalId],
    );
  }
}
