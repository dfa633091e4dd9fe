/**
 * All pairwise cosines of a set of sparse unit vectors (one component of a neighbourhood's articles: content
 * terms, entities or headline terms), into `out` (n × n, symmetric; the diagonal is left alone).
 *
 * A neighbourhood is ~300 articles, so ~45,000 pairs and three components per pair: looking every key up in the
 * other article's Map was the largest part of a story decision's JavaScript. Keys are interned to small integers
 * once, and one article at a time is spread into a dense array that the others are read against.
 *
 * The sums are the ones a Map-based cosine makes, in the same order — over the smaller vector's entries in their
 * own order (the first of the pair on a tie) — so the results are bit for bit the same.
 */
export function pairwiseCosines(vectors: ReadonlyArray<ReadonlyMap<string, number>>, out: Float64Array): void {
  const n = vectors.length;
  const index = new Map<string, number>();
  const ids: Int32Array[] = [];
  const weights: Float64Array[] = [];
  for (const vector of vectors) {
    const keyIds = new Int32Array(vector.size);
    const keyWeights = new Float64Array(vector.size);
    let k = 0;
    for (const [key, w] of vector) {
      let id = index.get(key);
      if (id === undefined) {
        id = index.size;
        index.set(key, id);
      }
      keyIds[k] = id;
      keyWeights[k++] = w;
    }
    ids.push(keyIds);
    weights.push(keyWeights);
  }
  const dense = new Float64Array(index.size);
  for (let x = 0; x < n; x++) {
    const xIds = ids[x];
    const xWeights = weights[x];
    for (let k = 0; k < xIds.length; k++) dense[xIds[k]] = xWeights[k];
    for (let y = 0; y < n; y++) {
      // Pair (i, j), i < j, iterates i's entries when i is no longer than j, else j's: here, y's against x.
      if (y === x || (y < x ? ids[y].length > xIds.length : ids[y].length >= xIds.length)) continue;
      const yIds = ids[y];
      const yWeights = weights[y];
      let dot = 0;
      for (let k = 0; k < yIds.length; k++) {
        const v = dense[yIds[k]];
        if (v !== 0) dot += yWeights[k] * v;
      }
      out[x * n + y] = dot;
      out[y * n + x] = dot;
    }
    for (let k = 0; k < xIds.length; k++) dense[xIds[k]] = 0;
  }
}
