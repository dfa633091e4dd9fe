import { TextFingerprint } from '@storyline/text';
import { IndexedArticle, SyndicationIndex, SyndicationLookup } from './syndication-index';

/**
 * Articles kept per band key, the most recent ones. A bucket that fills up holds a degenerate signature
 * (boilerplate shared by thousands of texts); bounding it keeps a lookup's cost independent of the corpus.
 */
export const POSTINGS_PER_BAND = 100;

/**
 * {@link SyndicationIndex} in process memory: for tests, the evaluation and benchmarks. Nearly every band key
 * belongs to a single article, so a posting holds a bare id until a second article shares the key: at 100k
 * articles that is millions of arrays the garbage collector does not have to trace.
 */
export class InMemorySyndicationIndex implements SyndicationIndex {
  private readonly bands = new Map<string, string | string[]>();
  private readonly hashes = new Map<string, string>();
  private readonly stored = new Map<string, IndexedArticle>();
  /** Canonical id → its copies (only for groups that have any). */
  private readonly groups = new Map<string, Set<string>>();

  async lookup(contentHash: string | null, bandKeys: string[], limit: number): Promise<SyndicationLookup> {
    const exactDuplicateOf = contentHash === null ? null : (this.hashes.get(contentHash) ?? null);
    const candidateIds = this.candidates(bandKeys, limit);
    const articles = await this.articles(exactDuplicateOf ? [exactDuplicateOf, ...candidateIds] : candidateIds);
    return { exactDuplicateOf, candidateIds, articles };
  }

  private candidates(bandKeys: string[], limit: number): string[] {
    const counts = new Map<string, number>();
    for (const key of bandKeys) {
      const posting = this.bands.get(key);
      if (posting === undefined) continue;
      for (const id of typeof posting === 'string' ? [posting] : posting) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([id]) => id);
  }

  async articles(articleIds: string[]): Promise<Map<string, IndexedArticle>> {
    const found = new Map<string, IndexedArticle>();
    for (const id of articleIds) {
      const article = this.stored.get(id);
      if (article) found.set(id, { ...article });
    }
    return found;
  }

  async members(canonicalId: string): Promise<string[]> {
    return [...(this.groups.get(canonicalId) ?? [])];
  }

  async add(articleId: string, fingerprint: TextFingerprint, bandKeys: string[], canonicalId: string): Promise<void> {
    this.stored.set(articleId, { fingerprint, canonicalId });
    for (const key of bandKeys) {
      const posting = this.bands.get(key);
      if (posting === undefined) this.bands.set(key, articleId);
      else if (typeof posting === 'string') this.bands.set(key, [posting, articleId]);
      else {
        posting.push(articleId);
        // Trimmed in batches so the copy is amortised over many additions.
        if (posting.length > 2 * POSTINGS_PER_BAND) posting.splice(0, posting.length - POSTINGS_PER_BAND);
      }
    }
    if (!this.hashes.has(fingerprint.contentHash)) this.hashes.set(fingerprint.contentHash, articleId);
    if (canonicalId !== articleId) this.groupOf(canonicalId).add(articleId);
  }

  async repoint(fromCanonicalId: string, toCanonicalId: string): Promise<void> {
    const moved = [fromCanonicalId, ...(this.groups.get(fromCanonicalId) ?? [])];
    this.groups.delete(fromCanonicalId);
    const to = this.groupOf(toCanonicalId);
    for (const id of moved) {
      if (id === toCanonicalId) continue;
      to.add(id);
      const article = this.stored.get(id);
      if (article) article.canonicalId = toCanonicalId;
    }
  }

  private groupOf(canonicalId: string): Set<string> {
    let group = this.groups.get(canonicalId);
    if (!group) {
      group = new Set();
      this.groups.set(canonicalId, group);
    }
    return group;
  }
}
