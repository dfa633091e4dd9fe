/**
 * A second measure between the items, averaged over the same pairs as the similarity: what its mean between two
 * groups adds to their mean similarity (the headlines' agreement, see `clusterNeighbourhood`).
 */
export interface SupportingLink {
  /** Symmetric, row-major, n × n like the similarity. */
  matrix: Float64Array;
  bonus: (mean: number) => number;
}

/**
 * Average-link agglomerative clustering of `n` items from a symmetric similarity matrix (row-major, n × n):
 * repeatedly joins the two groups whose link — mean pairwise similarity, plus the bonus of `support` for the
 * mean of its matrix — is highest, until none reaches `threshold`.
 * Returns groups of item indices, each in ascending order, ordered by their first item.
 *
 * Written here rather than taken from a library: the pools it runs on are small (a few hundred items at
 * most), and the npm clustering packages either build a full dendrogram of objects or only offer single or
 * complete linkage. Cost O(n³) in the worst case, which the caller bounds by capping n.
 */
export function averageLinkGroups(
  similarity: Float64Array,
  n: number,
  threshold: number,
  support?: SupportingLink,
): number[][] {
  // sums[a·n + b]: total similarity between the items of groups a and b (a group keeps its first item's slot);
  // supportSums the same for the supporting measure.
  const sums = Float64Array.from(similarity);
  const supportSums = support ? Float64Array.from(support.matrix) : null;
  const size = new Array<number>(n).fill(1);
  const members: number[][] = Array.from({ length: n }, (_, i) => [i]);
  const active = new Set(Array.from({ length: n }, (_, i) => i));
  for (;;) {
    let best = -Infinity;
    let pair: [number, number] | null = null;
    const live = [...active];
    for (let x = 0; x < live.length; x++) {
      const a = live[x];
      for (let y = x + 1; y < live.length; y++) {
        const b = live[y];
        const pairs = size[a] * size[b];
        const link = sums[a * n + b] / pairs + (supportSums ? support!.bonus(supportSums[a * n + b] / pairs) : 0);
        // Strictly greater: ties go to the earliest pair, so the result never depends on anything but the input.
        if (link > best) {
          best = link;
          pair = [a, b];
        }
      }
    }
    if (!pair || best < threshold) break;
    const [a, b] = pair;
    for (const c of active) {
      if (c === a || c === b) continue;
      sums[a * n + c] += sums[b * n + c];
      sums[c * n + a] = sums[a * n + c];
      if (supportSums) {
        supportSums[a * n + c] += supportSums[b * n + c];
        supportSums[c * n + a] = supportSums[a * n + c];
      }
    }
    size[a] += size[b];
    members[a].push(...members[b]);
    active.delete(b);
  }
  return [...active].sort((x, y) => x - y).map((a) => members[a].sort((x, y) => x - y));
}
