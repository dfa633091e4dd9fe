/** An article's most similar articles seen so far: [article id, similarity], most similar first. */
export type NeighbourList = Array<[string, number]>;

export interface LocalScalingOptions {
  /** Neighbours an article's scale is the mean similarity to (k). */
  neighbours: number;
  /**
   * Similarity counted for each of the k neighbour slots an article does not have yet. Without it, an early
   * article's scale comes from the few articles it has met: the first five articles of a cold start all look
   * as close to each other as a story's articles are, whatever they are about.
   */
  priorSimilarity: number;
}

/** `list` with the similarities in `found` folded in (by article id), cut to the `k` most similar. */
export function updateNeighbours(list: NeighbourList, found: Iterable<[string, number]>, k: number): NeighbourList {
  const byId = new Map(list);
  for (const [id, similarity] of found) byId.set(id, similarity);
  return [...byId.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, k);
}

/**
 * Local scale of an article (Zelnik-Manor & Perona, "Self-tuning spectral clustering"): the mean similarity to
 * its k nearest neighbours. Dividing a pair's similarity by √(σᵢ σⱼ) makes it relative to how close each
 * article's own neighbourhood is: the reports of one tight event (a boxing match, told by every outlet in the
 * same words) have a high scale, so their 0.3 to a neighbouring event in the same topic counts for little; a
 * diffuse story's 0.3 counts for a lot.
 */
export function localScale(list: NeighbourList, options: LocalScalingOptions): number {
  const known = list.slice(0, options.neighbours);
  const sum = known.reduce((total, [, similarity]) => total + similarity, 0);
  return (sum + (options.neighbours - known.length) * options.priorSimilarity) / options.neighbours;
}
