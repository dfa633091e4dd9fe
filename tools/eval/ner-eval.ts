// Scores entity mentions found in plain text against CoNLL-2003 gold spans, on exact character spans, and
// sorts the differences into error classes. Used by bench:ner (one split per run) and by train:ner's
// selection mode (dev only): the same scorer for the run-time tokenizer path and the `cli entities` path.
import { ConllDocument, prf, PRF, SpanScores, tagSpans } from '@storyline/nlp';

const MENTION_TYPE_TO_CONLL: Record<string, string> = { PERSON: 'PER', LOCATION: 'LOC', ORGANIZATION: 'ORG' };
const SCORED = ['PER', 'LOC', 'ORG'];

export interface TextSpan {
  start: number;
  end: number;
  type: string;
  text: string;
}

/** A CoNLL document as plain text (tokens joined by spaces, one sentence a line) with its gold spans. */
export function conllText(doc: ConllDocument): { text: string; gold: TextSpan[] } {
  let text = '';
  const gold: TextSpan[] = [];
  for (const sentence of doc) {
    const offsets = sentence.words.map((w) => {
      const start = text.length;
      text += w + ' ';
      return [start, start + w.length];
    });
    text += '\n';
    for (const span of tagSpans(sentence.tags)) {
      const [start, end] = [offsets[span.start][0], offsets[span.end - 1][1]];
      gold.push({ start, end, type: span.type, text: text.slice(start, end) });
    }
  }
  return { text, gold };
}

export interface NerError {
  /** `TYPE→TYPE` (same span, other type), `cut short`, `too long`, `overlap`, `missed`, `spurious`. */
  kind: string;
  gold?: TextSpan;
  predicted?: TextSpan;
}

export interface TextScores extends SpanScores {
  /** Errors by class, most frequent first. */
  classes: { kind: string; count: number }[];
  /** The most frequent individual errors (same class, same gold and predicted text and types). */
  topErrors: { error: string; count: number }[];
}

type MentionFinder = (text: string) => { start: number; end: number; type: string }[];

/** Gold MISC spans take part in error classes (an ORG over a MISC span is "MISC→ORG"), not in the scores. */
export function scoreText(docs: ConllDocument[], find: MentionFinder, top = 20): TextScores {
  const counts = new Map(SCORED.map((t) => [t, { correct: 0, predicted: 0, gold: 0 }]));
  const errors: NerError[] = [];
  for (const doc of docs) {
    const { text, gold } = conllText(doc);
    const predicted: TextSpan[] = find(text)
      .map((m) => ({ ...m, type: MENTION_TYPE_TO_CONLL[m.type] ?? m.type }))
      .filter((m) => counts.has(m.type))
      .map((m) => ({ start: m.start, end: m.end, type: m.type, text: text.slice(m.start, m.end) }));
    for (const g of gold) {
      const c = counts.get(g.type);
      if (c) c.gold++;
    }
    for (const p of predicted) counts.get(p.type)!.predicted++;
    const key = (s: TextSpan) => `${s.start}:${s.end}:${s.type}`;
    const goldKeys = new Set(gold.map(key));
    const correct = new Set(predicted.filter((p) => goldKeys.has(key(p))).map(key));
    for (const k of correct) counts.get(k.slice(k.lastIndexOf(':') + 1))!.correct++;
    errors.push(...classify(gold, predicted, correct, key));
  }
  const perType: Record<string, PRF> = {};
  let [correct, predictedTotal, goldTotal] = [0, 0, 0];
  for (const [type, c] of counts) {
    perType[type] = prf(c.correct, c.predicted, c.gold);
    [correct, predictedTotal, goldTotal] = [correct + c.correct, predictedTotal + c.predicted, goldTotal + c.gold];
  }
  return {
    micro: prf(correct, predictedTotal, goldTotal),
    perType,
    classes: ranked(errors.map((e) => e.kind)).map(([kind, count]) => ({ kind, count })),
    topErrors: ranked(errors.map(describe))
      .slice(0, top)
      .map(([error, count]) => ({ error, count })),
  };
}

function classify(
  gold: TextSpan[],
  predicted: TextSpan[],
  correct: Set<string>,
  key: (s: TextSpan) => string,
): NerError[] {
  const errors: NerError[] = [];
  const used = new Set<TextSpan>();
  const overlaps = (a: TextSpan, b: TextSpan) => a.start < b.end && b.start < a.end;
  for (const g of gold) {
    if (correct.has(key(g))) continue;
    const sameSpan = predicted.find((p) => !used.has(p) && p.start === g.start && p.end === g.end);
    if (sameSpan) {
      used.add(sameSpan);
      errors.push({ kind: `${g.type}→${sameSpan.type}`, gold: g, predicted: sameSpan });
      continue;
    }
    if (!SCORED.includes(g.type)) continue;
    const near = predicted.find((p) => !used.has(p) && !correct.has(key(p)) && overlaps(p, g));
    if (near) {
      used.add(near);
      const kind =
        near.start >= g.start && near.end <= g.end
          ? 'cut short'
          : near.start <= g.start && near.end >= g.end
            ? 'too long'
            : 'overlap';
      errors.push({ kind, gold: g, predicted: near });
    } else {
      errors.push({ kind: 'missed', gold: g });
    }
  }
  for (const p of predicted) {
    if (used.has(p) || correct.has(key(p))) continue;
    if (gold.some((g) => SCORED.includes(g.type) && overlaps(p, g))) continue;
    errors.push({ kind: 'spurious', predicted: p });
  }
  return errors;
}

function describe(e: NerError): string {
  const show = (s?: TextSpan) => (s ? `"${s.text}" ${s.type}` : '—');
  return `${e.kind}: ${show(e.gold)} → ${show(e.predicted)}`;
}

function ranked(items: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}
