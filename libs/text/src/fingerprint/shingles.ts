import { combineHash, hashString } from './hash';

/** Words per shingle: long enough that independent reports of one event rarely share one by chance. */
export const DEFAULT_SHINGLE_SIZE = 5;

/**
 * Hashed word k-shingles as a sorted array of distinct 32-bit values (sorted so that intersections are a linear
 * merge). A text shorter than k words yields a single shingle of all its words, so headlines still fingerprint.
 */
export function shingleHashes(tokens: readonly string[], k = DEFAULT_SHINGLE_SIZE): Uint32Array {
  if (tokens.length === 0) return new Uint32Array(0);
  const tokenHashes = tokens.map(hashString);
  const count = Math.max(1, tokens.length - k + 1);
  const width = Math.min(k, tokens.length);
  const out = new Uint32Array(count);
  for (let start = 0; start < count; start++) {
    let h = 0x2545f491;
    for (let j = 0; j < width; j++) h = combineHash(h, tokenHashes[start + j]);
    out[start] = h;
  }
  out.sort();
  return dedupeSorted(out);
}

function dedupeSorted(values: Uint32Array): Uint32Array {
  if (values.length === 0) return values;
  let write = 1;
  for (let read = 1; read < values.length; read++) {
    if (values[read] !== values[write - 1]) values[write++] = values[read];
  }
  return values.subarray(0, write);
}

/** |A ∩ B| for two sorted distinct-value arrays. */
export function intersectionSize(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return shared;
}
