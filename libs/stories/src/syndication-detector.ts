import { fingerprintBandKeys, TextFingerprint } from '@storyline/text';
import { compareForCopy, CopyCriteria, DEFAULT_COPY_CRITERIA, moreComplete } from './copy-verification';
import { IndexedArticle, SyndicationIndex } from './syndication-index';

/** A copy and the canonical (most complete) article of its group, with their exact shingle overlap. */
export interface SyndicationLink {
  copyId: string;
  canonicalId: string;
  /** 'exact': same content hash (later stages may reuse the canonical's results); 'near': verified overlap. */
  kind: 'exact' | 'near';
  jaccard: number;
  /** Share of the copy's shingles found in the canonical. */
  containment: number;
}

/** One verified candidate, for explaining the decision. */
export interface SyndicationCandidate {
  articleId: string;
  canonicalId: string;
  jaccard: number;
  containment: number;
  copy: boolean;
}

export interface SyndicationResult {
  articleId: string;
  /** Canonical of the article's group after this decision: the article itself when it is canonical. */
  canonicalId: string;
  /** The new article's own link, or null when it is canonical (alone or as the new, more complete version). */
  link: SyndicationLink | null;
  /**
   * Links that changed because the new article is more complete than the group's previous canonical: every
   * earlier member (the previous canonical included) now points at the new article. The caller replaces
   * their stored links.
   */
  repointed: SyndicationLink[];
  /** Set when an earlier article has exactly the same content: its entities can be reused as they are. */
  exactDuplicateOf: string | null;
  candidates: SyndicationCandidate[];
}

export interface SyndicationOptions {
  criteria: CopyCriteria;
  /** Candidates verified per article: bounds the cost when a popular wire story has many copies. */
  maxCandidates: number;
}

export const DEFAULT_SYNDICATION_OPTIONS: SyndicationOptions = { criteria: DEFAULT_COPY_CRITERIA, maxCandidates: 50 };

/**
 * Finds whether an arriving article republishes an earlier one, and maintains one canonical per group.
 *
 * Canonical rule: the most complete version (most distinct shingles). A copy joins the group of the
 * best-matching earlier article; if it is more complete than that group's canonical, it takes over and the
 * whole group is re-pointed to it, so links always go copy → most complete version known so far.
 */
export class SyndicationDetector {
  private readonly options: SyndicationOptions;

  constructor(
    private readonly index: SyndicationIndex,
    options: Partial<SyndicationOptions> = {},
  ) {
    this.options = { ...DEFAULT_SYNDICATION_OPTIONS, ...options };
  }

  /** Decides and records the article in the index. Call once per article, in arrival order. */
  async process(articleId: string, fingerprint: TextFingerprint): Promise<SyndicationResult> {
    // An empty text has a degenerate signature that would collide with every other empty text.
    const bandKeys = fingerprint.tokenCount > 0 ? fingerprintBandKeys(fingerprint) : [];
    const found = await this.index.lookup(
      fingerprint.tokenCount > 0 ? fingerprint.contentHash : null,
      bandKeys,
      this.options.maxCandidates,
    );
    const { exactDuplicateOf, articles: stored } = found;
    const candidateIds = found.candidateIds.filter((id) => id !== articleId);
    if (exactDuplicateOf && exactDuplicateOf !== articleId && !candidateIds.includes(exactDuplicateOf)) {
      candidateIds.unshift(exactDuplicateOf);
    }

    const candidates: SyndicationCandidate[] = [];
    let best: { id: string; article: IndexedArticle; containment: number; jaccard: number } | null = null;
    for (const id of candidateIds) {
      const article = stored.get(id);
      if (!article) continue;
      const evidence = compareForCopy(fingerprint, article.fingerprint, this.options.criteria);
      candidates.push({
        articleId: id,
        canonicalId: article.canonicalId,
        jaccard: evidence.jaccard,
        containment: evidence.containment,
        copy: evidence.copy,
      });
      if (!evidence.copy) continue;
      if (
        !best ||
        evidence.containment > best.containment ||
        (evidence.containment === best.containment && evidence.jaccard > best.jaccard)
      ) {
        best = { id, article, containment: evidence.containment, jaccard: evidence.jaccard };
      }
    }
    const base = { articleId, exactDuplicateOf: exactDuplicateOf === articleId ? null : exactDuplicateOf, candidates };

    if (!best) {
      await this.index.add(articleId, fingerprint, bandKeys, articleId);
      return { ...base, canonicalId: articleId, link: null, repointed: [] };
    }

    const groupCanonicalId = best.article.canonicalId;
    const canonical =
      groupCanonicalId === best.id
        ? best.article
        : (await this.index.articles([groupCanonicalId])).get(groupCanonicalId);
    if (!canonical || !moreComplete(fingerprint, canonical.fingerprint)) {
      const target = canonical
        ? { id: groupCanonicalId, fp: canonical.fingerprint }
        : { id: best.id, fp: best.article.fingerprint };
      await this.index.add(articleId, fingerprint, bandKeys, target.id);
      return {
        ...base,
        canonicalId: target.id,
        link: this.link(articleId, fingerprint, target.id, target.fp),
        repointed: [],
      };
    }

    // The new article is the most complete version so far: it becomes canonical of the whole group.
    const memberIds = [groupCanonicalId, ...(await this.index.members(groupCanonicalId))];
    const members = await this.index.articles(memberIds);
    await this.index.add(articleId, fingerprint, bandKeys, articleId);
    await this.index.repoint(groupCanonicalId, articleId);
    const repointed: SyndicationLink[] = [];
    for (const id of memberIds) {
      const member = members.get(id);
      if (member) repointed.push(this.link(id, member.fingerprint, articleId, fingerprint));
    }
    return { ...base, canonicalId: articleId, link: null, repointed };
  }

  private link(
    copyId: string,
    copy: TextFingerprint,
    canonicalId: string,
    canonical: TextFingerprint,
  ): SyndicationLink {
    const evidence = compareForCopy(copy, canonical, this.options.criteria);
    const shared = evidence.exact ? copy.shingles.length : evidence.shared;
    return {
      copyId,
      canonicalId,
      kind: evidence.exact ? 'exact' : 'near',
      jaccard: evidence.jaccard,
      containment: copy.shingles.length === 0 ? 1 : shared / copy.shingles.length,
    };
  }
}
