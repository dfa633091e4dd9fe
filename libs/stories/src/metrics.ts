/** Precision, recall and F1 of a predicted clustering against gold labels. */
export interface ClusterScores {
  precision: number;
  recall: number;
  f1: number;
}

export interface ClusteringEvaluation {
  pairwise: ClusterScores;
  bcubed: ClusterScores;
  items: number;
  predictedClusters: number;
  goldClusters: number;
}

function f1(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

const pairs = (n: number): number => (n * (n - 1)) / 2;

function counts<K>(keys: Iterable<K>): Map<K, number> {
  const out = new Map<K, number>();
  for (const k of keys) out.set(k, (out.get(k) ?? 0) + 1);
  return out;
}

/**
 * Pairwise scores (over all pairs of items placed together) and B-cubed scores (per item: the share of its
 * predicted cluster that shares its gold label, and of its gold cluster that shares its predicted cluster,
 * averaged over items). Only items present in both maps are scored.
 */
export function evaluateClustering(predicted: Map<string, string>, gold: Map<string, string>): ClusteringEvaluation {
  const items = [...predicted.keys()].filter((id) => gold.has(id));
  const pred = (id: string): string => predicted.get(id) as string;
  const truth = (id: string): string => gold.get(id) as string;
  const predSize = counts(items.map(pred));
  const goldSize = counts(items.map(truth));
  const jointSize = counts(items.map((id) => `${pred(id)}\u0000${truth(id)}`));

  let truePairs = 0;
  for (const n of jointSize.values()) truePairs += pairs(n);
  let predPairs = 0;
  for (const n of predSize.values()) predPairs += pairs(n);
  let goldPairs = 0;
  for (const n of goldSize.values()) goldPairs += pairs(n);
  const pp = predPairs === 0 ? 1 : truePairs / predPairs;
  const pr = goldPairs === 0 ? 1 : truePairs / goldPairs;

  let bp = 0;
  let br = 0;
  for (const id of items) {
    const joint = jointSize.get(`${pred(id)}\u0000${truth(id)}`) as number;
    bp += joint / (predSize.get(pred(id)) as number);
    br += joint / (goldSize.get(truth(id)) as number);
  }
  const n = items.length || 1;
  return {
    pairwise: { precision: pp, recall: pr, f1: f1(pp, pr) },
    bcubed: { precision: bp / n, recall: br / n, f1: f1(bp / n, br / n) },
    items: items.length,
    predictedClusters: predSize.size,
    goldClusters: goldSize.size,
  };
}

/** Pairwise precision and recall of predicted links (unordered pairs) against gold links. */
export function evaluateLinks(
  predicted: Iterable<[string, string]>,
  gold: Iterable<[string, string]>,
): ClusterScores & { truePositives: number; predicted: number; gold: number } {
  const key = ([a, b]: [string, string]): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
  const p = new Set([...predicted].map(key));
  const g = new Set([...gold].map(key));
  let tp = 0;
  for (const k of p) if (g.has(k)) tp++;
  const precision = p.size === 0 ? 1 : tp / p.size;
  const recall = g.size === 0 ? 1 : tp / g.size;
  return { precision, recall, f1: f1(precision, recall), truePositives: tp, predicted: p.size, gold: g.size };
}
