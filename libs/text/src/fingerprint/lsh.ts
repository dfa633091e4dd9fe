import { combineHash } from './hash';

/**
 * Banding of a MinHash signature into index keys. Two sets share at least one band key with probability
 * 1 - (1 - J^rows)^bands. With 64 bands of 2 rows that is ≥ 0.99 from J = 0.27 and ≈ 0.47 at J = 0.1, a low
 * threshold on purpose: a truncated copy has a low Jaccard with its original, and false candidates only cost a
 * verification.
 */
export interface BandingOptions {
  bands: number;
  rows: number;
  /** Distinguishes key families (e.g. whole text vs lead) that live in the same index. */
  prefix: string;
}

export const FULL_TEXT_BANDING: BandingOptions = { bands: 64, rows: 2, prefix: 'f' };

/** Keys are short ASCII strings, e.g. "f17:3fa2c1d9", usable directly as Postgres or Redis keys. */
export function bandKeys(signature: Uint32Array, options: BandingOptions = FULL_TEXT_BANDING): string[] {
  const { bands, rows, prefix } = options;
  if (bands * rows > signature.length)
    throw new Error(`signature of ${signature.length} is too short for ${bands}x${rows} bands`);
  const keys: string[] = new Array(bands);
  for (let band = 0; band < bands; band++) {
    let h = band;
    for (let r = 0; r < rows; r++) h = combineHash(h, signature[band * rows + r]);
    keys[band] = `${prefix}${band.toString(36)}:${h.toString(16).padStart(8, '0')}`;
  }
  return keys;
}
