import { mix32 } from './hash';

/** Permutations in a signature: a Jaccard estimate has a standard error of at most 0.5/√128 ≈ 0.044. */
export const DEFAULT_PERMUTATIONS = 128;

// Fixed seeds (SplitMix32 from a constant), so signatures computed by any process or release are comparable.
function permutationSeeds(count: number): Uint32Array {
  const seeds = new Uint32Array(count);
  let state = 0x5eed1e55;
  for (let i = 0; i < count; i++) {
    state = (state + 0x9e3779b9) | 0;
    seeds[i] = mix32(state ^ Math.imul(state >>> 15, 0x2c1b3c6d));
  }
  return seeds;
}

const seedCache = new Map<number, Uint32Array>();
function seedsFor(count: number): Uint32Array {
  let seeds = seedCache.get(count);
  if (!seeds) {
    seeds = permutationSeeds(count);
    seedCache.set(count, seeds);
  }
  return seeds;
}

/**
 * MinHash signature: for each permutation i, the minimum of mix32(shingle ^ seed_i) over the set. mix32 is a
 * bijection, so each seed gives a true permutation of the 32-bit space. An empty set gives all 0xffffffff.
 */
export function minhashSignature(shingles: ArrayLike<number>, permutations = DEFAULT_PERMUTATIONS): Uint32Array {
  const seeds = seedsFor(permutations);
  const signature = new Uint32Array(permutations).fill(0xffffffff);
  for (let s = 0; s < shingles.length; s++) {
    const shingle = shingles[s];
    for (let i = 0; i < permutations; i++) {
      const h = mix32(shingle ^ seeds[i]);
      if (h < signature[i]) signature[i] = h;
    }
  }
  return signature;
}

/** Fraction of agreeing positions: an unbiased estimate of the Jaccard similarity of the two sets. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length || a.length === 0) throw new Error('signatures must have the same non-zero length');
  let equal = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++;
  return equal / a.length;
}

/**
 * Containment |A ∩ B| / |A| derived from a Jaccard estimate and the two set sizes (|A ∩ B| = J(|A|+|B|)/(1+J)).
 * Noisy when |A| is much smaller than |B|; prefer exact shingle sets when they are at hand.
 */
export function estimateContainment(jaccard: number, sizeA: number, sizeB: number): number {
  if (sizeA === 0) return 0;
  const shared = (jaccard * (sizeA + sizeB)) / (1 + jaccard);
  return Math.min(1, shared / sizeA);
}
