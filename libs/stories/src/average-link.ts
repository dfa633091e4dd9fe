/**
 * Average-link agglomerative clustering of `n` items from a symmetric similarity matrix (row-major, n × n):
 * repeatedly joins the two groups whose mean pairwise similarity is highest, until none reaches `threshold`.
 * Returns groups of item indices, each in ascending order, ordered by their first item.
 *
 * Written here rather than taken from a library: the pools it runs on are small (a few hundred items at
 * most), and the npm clustering packages either build a full dendrogram of objects or only offer single or
 * complete linkage. Cost O(n³) in the worst case, which the caller bounds by capping n.
 */
export function averageLinkGroups(similarity: Float64Array, n: number, threshold: number): number[][] {
  // sums[a·n + b]: total similarity between the items of groups a and b (a group keeps its first item's slot).
  const sums = Float64Array.from(similarity);
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
        const mean = sums[a * n + b] / (size[a] * size[b]);
        // Strictly greater: ties go to the earliest pair, so the result never depends on anything but the input.
        if (mean > best) {
          best = mean;
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
    }
    size[a] += size[b];
    members[a].push(...members[b]);
    active.delete(b);
  }
  return [...active].sort((x, y) => x - y).map((a) => members[a].sort((x, y) => x - y));
}
