import { TextFingerprint } from '@storyline/text';

/** A stored article's fingerprint and the canonical article of its syndication group (itself if canonical). */
export interface IndexedArticle {
  fingerprint: TextFingerprint;
  canonicalId: string;
}

/** What deciding an article reads from the index, in one go. */
export interface SyndicationLookup {
  /** The earliest stored article with exactly the article's content hash, if any. */
  exactDuplicateOf: string | null;
  /** Ids of stored articles sharing at least one of the band keys, those sharing the most keys first. */
  candidateIds: string[];
  /** Fingerprints and canonical ids of the exact duplicate and the candidates. */
  articles: Map<string, IndexedArticle>;
}

/**
 * Persistence the syndication detector needs. Every method is a lookup by key, so its cost does not depend
 * on how many articles are stored. A Postgres implementation maps it onto `lsh_band (band, article_seq)` (a key's
 * 64-bit hash), `article_fingerprint (article_id, fingerprint jsonb)` and `article.canonical_id`.
 */
export interface SyndicationIndex {
  /**
   * The stored article with exactly `contentHash` (none asked for when null), and the stored articles sharing at
   * least one of `bandKeys`, those sharing the most keys first, at most `limit` of them, with their fingerprints.
   * (SQL: `SELECT article_id FROM lsh_band WHERE band = ANY(hashes of $1) GROUP BY article_id ORDER BY count(*) DESC
   * LIMIT $2`, and the fingerprints of those and of the exact duplicate, in one statement.)
   */
  lookup(contentHash: string | null, bandKeys: string[], limit: number): Promise<SyndicationLookup>;
  /** Fingerprints and canonical ids of the given articles (unknown ids are left out). */
  articles(articleIds: string[]): Promise<Map<string, IndexedArticle>>;
  /** Ids of the articles whose canonical is `canonicalId`, the canonical itself excluded. */
  members(canonicalId: string): Promise<string[]>;
  /** Stores an article with its band keys and its canonical (its own id when it is canonical). */
  add(articleId: string, fingerprint: TextFingerprint, bandKeys: string[], canonicalId: string): Promise<void>;
  /** Points the whole group of `fromCanonicalId` (the old canonical included) at `toCanonicalId`. */
  repoint(fromCanonicalId: string, toCanonicalId: string): Promise<void>;
}
