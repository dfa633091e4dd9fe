import { TAGS } from './tags';

const T = TAGS.length;

/**
 * Adds, for every known feature, its row of per-tag weights to `out[offset … offset + T)`. The one scoring loop
 * shared by the model being trained, its averaged snapshot, and the shipped model; unknown features score nothing.
 */
export function addWeightRows(
  index: ReadonlyMap<string, number>,
  weights: ArrayLike<number>,
  features: readonly string[],
  out: Float64Array,
  offset: number,
): void {
  for (const f of features) {
    const row = index.get(f);
    if (row === undefined) continue;
    const base = row * T;
    for (let t = 0; t < T; t++) out[offset + t] += weights[base + t];
  }
}
