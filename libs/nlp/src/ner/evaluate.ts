import { EntityType, tagSpans } from './tags';

// Exact-span precision/recall/F1 (conlleval semantics) restricted to the types the product uses.

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
  gold: number;
  predicted: number;
  correct: number;
}

export interface SpanScores {
  micro: PRF;
  perType: Record<string, PRF>;
}

export const EVALUATED_TYPES: EntityType[] = ['PER', 'LOC', 'ORG'];

export function prf(correct: number, predicted: number, gold: number): PRF {
  const precision = predicted === 0 ? 0 : correct / predicted;
  const recall = gold === 0 ? 0 : correct / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, gold, predicted, correct };
}

/** Scores predicted against gold tag sequences (one pair per sentence). */
export function scoreSpans(
  pairs: { gold: readonly string[]; predicted: readonly string[] }[],
  types = EVALUATED_TYPES,
): SpanScores {
  const counts = new Map(types.map((t) => [t as string, { correct: 0, predicted: 0, gold: 0 }]));
  for (const { gold, predicted } of pairs) {
    const goldKeys = new Set<string>();
    for (const s of tagSpans(gold)) {
      const c = counts.get(s.type);
      if (!c) continue;
      c.gold++;
      goldKeys.add(`${s.start}:${s.end}:${s.type}`);
    }
    for (const s of tagSpans(predicted)) {
      const c = counts.get(s.type);
      if (!c) continue;
      c.predicted++;
      if (goldKeys.has(`${s.start}:${s.end}:${s.type}`)) c.correct++;
    }
  }
  const perType: Record<string, PRF> = {};
  let correct = 0;
  let predictedTotal = 0;
  let goldTotal = 0;
  for (const [type, c] of counts) {
    perType[type] = prf(c.correct, c.predicted, c.gold);
    correct += c.correct;
    predictedTotal += c.predicted;
    goldTotal += c.gold;
  }
  return { micro: prf(correct, predictedTotal, goldTotal), perType };
}
