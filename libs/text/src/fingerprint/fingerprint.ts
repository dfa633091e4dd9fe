import { contentHash } from './hash';
import { BandingOptions, bandKeys, FULL_TEXT_BANDING } from './lsh';
import { DEFAULT_PERMUTATIONS, minhashSignature } from './minhash';
import { DEFAULT_SHINGLE_SIZE, intersectionSize, shingleHashes } from './shingles';
import { matchTokens } from './tokenize';

/**
 * Everything near-duplicate detection needs about one text. `shingles` is kept (4 bytes each, a few KB per
 * article) so that candidates are verified exactly: MinHash alone cannot tell a short copy inside a long article
 * from a coincidence, because their Jaccard similarity is tiny either way.
 */
export interface TextFingerprint {
  /** SHA-256 of the matching tokens: equal for texts that differ only in case, spacing, punctuation, spelling. */
  contentHash: string;
  /** Number of matching tokens. */
  tokenCount: number;
  /** Sorted distinct 32-bit shingle hashes. */
  shingles: Uint32Array;
  /** MinHash of all shingles. */
  signature: Uint32Array;
  /** MinHash of the first {@link LEAD_SHINGLES} shingles only (in text order). */
  leadSignature: Uint32Array;
}

/**
 * The lead gets its own band keys because truncation, the commonest syndication edit, keeps the lead: a copy
 * holding the first fifth of a long article has a whole-text Jaccard near 0.2 but a lead Jaccard near 1.
 */
export const LEAD_SHINGLES = 60;
export const LEAD_BANDING: BandingOptions = { bands: 32, rows: 2, prefix: 'l' };

export function fingerprintText(text: string): TextFingerprint {
  return fingerprintTokens(matchTokens(text));
}

export function fingerprintTokens(tokens: readonly string[]): TextFingerprint {
  const shingles = shingleHashes(tokens, DEFAULT_SHINGLE_SIZE);
  const lead = shingleHashes(tokens.slice(0, LEAD_SHINGLES + DEFAULT_SHINGLE_SIZE - 1), DEFAULT_SHINGLE_SIZE);
  return {
    contentHash: contentHash(tokens),
    tokenCount: tokens.length,
    shingles,
    signature: minhashSignature(shingles, DEFAULT_PERMUTATIONS),
    leadSignature: minhashSignature(lead, LEAD_BANDING.bands * LEAD_BANDING.rows),
  };
}

/** All LSH keys of a fingerprint: whole-text bands then lead bands. */
export function fingerprintBandKeys(fp: TextFingerprint): string[] {
  return [...bandKeys(fp.signature, FULL_TEXT_BANDING), ...bandKeys(fp.leadSignature, LEAD_BANDING)];
}

export interface Overlap {
  /** |A ∩ B| in shingles. */
  shared: number;
  /** |A ∩ B| / |A ∪ B|. */
  jaccard: number;
  /** |A ∩ B| / |A|: how much of A is found in B. */
  containment: number;
  /** |A ∩ B| / |B|. */
  reverseContainment: number;
}

/** Exact set overlap of two fingerprints' shingles. */
export function overlap(a: TextFingerprint, b: TextFingerprint): Overlap {
  const shared = intersectionSize(a.shingles, b.shingles);
  const union = a.shingles.length + b.shingles.length - shared;
  return {
    shared,
    jaccard: union === 0 ? 0 : shared / union,
    containment: a.shingles.length === 0 ? 0 : shared / a.shingles.length,
    reverseContainment: b.shingles.length === 0 ? 0 : shared / b.shingles.length,
  };
}
