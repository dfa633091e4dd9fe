import { overlap, TextFingerprint } from '@storyline/text';

/**
 * When two texts count as copies of one another, decided on exact shingle overlap (5-word shingles over
 * case-, punctuation- and spelling-folded tokens).
 *
 * - A copy may be truncated, or have a caption, dateline or footer added, so the test is on containment of the
 *   smaller text in the larger, not on Jaccard: seed-like truncations reach a containment above 0.9 with a
 *   Jaccard near 0.5.
 * - Edits (a sentence dropped or rewritten, a word changed) remove up to 5 shingles per changed word; a
 *   threshold of 0.5 leaves room for heavy editing, while independent reports of one event, even a close
 *   rewrite or a machine translation, share only quotes and set phrases (the seeds' rewrite pair shares 11%).
 * - `minShared` stops two tiny texts (headlines) from linking on one or two common shingles; they can still
 *   link when nearly identical (`minJaccard`).
 */
export interface CopyCriteria {
  minContainment: number;
  minShared: number;
  minJaccard: number;
}

export const DEFAULT_COPY_CRITERIA: CopyCriteria = { minContainment: 0.5, minShared: 12, minJaccard: 0.8 };

export interface CopyEvidence {
  /** Shingles in common. */
  shared: number;
  jaccard: number;
  /** Share of the smaller text found in the larger. */
  containment: number;
  exact: boolean;
  copy: boolean;
}

export function compareForCopy(a: TextFingerprint, b: TextFingerprint, criteria = DEFAULT_COPY_CRITERIA): CopyEvidence {
  if (a.contentHash === b.contentHash && a.tokenCount > 0) {
    return { shared: a.shingles.length, jaccard: 1, containment: 1, exact: true, copy: true };
  }
  const o = overlap(a, b);
  const containment = Math.max(o.containment, o.reverseContainment);
  const copy =
    (o.shared >= criteria.minShared && containment >= criteria.minContainment) || o.jaccard >= criteria.minJaccard;
  return { shared: o.shared, jaccard: o.jaccard, containment, exact: false, copy };
}

/** True when `a` is the more complete version: more distinct shingles, ties broken by more tokens. */
export function moreComplete(a: TextFingerprint, b: TextFingerprint): boolean {
  if (a.shingles.length !== b.shingles.length) return a.shingles.length > b.shingles.length;
  return a.tokenCount > b.tokenCount;
}
