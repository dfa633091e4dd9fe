import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DEFAULT_GAZETTEER, Gazetteer } from '../gazetteer';
import { deserializeLexicon, Lexicon, SerializedLexicon, serializeLexicon } from './lexicon';
import {
  ALL_FAMILIES,
  BIGRAM_PREFIXES,
  casingFeatures,
  FeatureFamilies,
  NEIGHBOR_PREFIXES,
  shapeFeatures,
  TokenFeatureGroups,
  wordFeatures,
} from './features';
import { WeightSource } from './tag-document';
import { TAGS } from './tags';
import { addWeightRows } from './weight-rows';

// The shipped model: a gzipped JSON file with the feature strings (one per line), their weights quantized to
// int16 with one global scale (base64, row-major, one row of T tag weights per feature), the transition
// matrix, and the corpus casing lexicon. Feature rows whose weights all round to zero are not stored.
// The gazetteer is code (libs/nlp/src/gazetteer) and is matched at run time; editing it without retraining
// is safe (a new entry fires the same features) but the weights were learned on the old lists.

export const NER_MODEL_FORMAT = 'storyline-ner';
export const NER_MODEL_VERSION = 1;
export const DEFAULT_MODEL_FILE = 'models/ner-v1.json.gz';

const T = TAGS.length;

interface SerializedModel {
  format: string;
  version: number;
  tags: string[];
  scale: number;
  transitions: number[];
  features: string;
  weights: string;
  lexicon: SerializedLexicon;
  meta: Record<string, unknown>;
  /** Absent in files written before families could be left out: all of them. */
  families?: FeatureFamilies;
}

// Memoised group sums (see TokenFeatureGroups): word, neighbour, shape-window and casing groups repeat across
// tokens and documents, so each distinct one is scored once per process. Bounded: a full memo is dropped.
const MEMO_LIMIT = 100_000;

export class NerModel implements WeightSource {
  readonly transitions: Float64Array;
  private readonly wordMemo = new Map<string, Float64Array>();
  private readonly neighborMemo = new Map<string, Float64Array>();
  private readonly shapeMemo = new Map<string, Float64Array>();
  private readonly casingMemo = new Map<string, Float64Array>();
  // Bigram rows by first and second word: looked up without building the "bl=a|b" string per token.
  private readonly bigrams = [new Map<string, Map<string, number>>(), new Map<string, Map<string, number>>()];

  constructor(
    private readonly index: Map<string, number>,
    private readonly weights: Int16Array,
    transitions: Float64Array,
    private readonly scale: number,
    readonly lexicon: Lexicon,
    readonly meta: Record<string, unknown>,
    readonly families: FeatureFamilies = ALL_FAMILIES,
    readonly gazetteer: Gazetteer = DEFAULT_GAZETTEER,
  ) {
    // Scores are summed in quantized units; transitions are brought into the same units once.
    this.transitions = transitions.map((v) => v / scale);
    for (const [feature, row] of index) {
      const kind = BIGRAM_PREFIXES.indexOf(feature.slice(0, 3));
      if (kind < 0) continue;
      // Every split at a "|" is indexed, so that a "|" token is found too: a pair (a, b) matches only if
      // prefix + a + "|" + b is this very feature string, which is what the plain lookup would find.
      const pair = feature.slice(3);
      for (let bar = pair.indexOf('|'); bar >= 0; bar = pair.indexOf('|', bar + 1)) {
        const [a, b] = [pair.slice(0, bar), pair.slice(bar + 1)];
        let inner = this.bigrams[kind].get(a);
        if (!inner) this.bigrams[kind].set(a, (inner = new Map()));
        inner.set(b, row);
      }
    }
  }

  get featureCount(): number {
    return this.index.size;
  }

  addScores(features: string[], out: Float64Array, offset: number): void {
    addWeightRows(this.index, this.weights, features, out, offset);
  }

  addTokenScores(g: TokenFeatureGroups, out: Float64Array, offset: number): void {
    addInto(out, offset, this.memo(this.wordMemo, g.word, wordBlocks), 0);
    for (let k = 0; k < 4; k++)
      addInto(out, offset, this.memo(this.neighborMemo, g.neighbors[k], neighborBlocks), k * T);
    addInto(out, offset, this.memo(this.shapeMemo, g.shapes, shapeBlocks), 0);
    addInto(out, offset, this.memo(this.casingMemo, g.casing, casingBlocks), 0);
    this.addBigram(0, g.neighbors[1], g.lower, out, offset);
    this.addBigram(1, g.lower, g.neighbors[2], out, offset);
    this.addScores(g.rest, out, offset);
  }

  private addBigram(kind: number, a: string, b: string, out: Float64Array, offset: number): void {
    const row = this.bigrams[kind].get(a)?.get(b);
    if (row === undefined) return;
    const base = row * T;
    for (let t = 0; t < T; t++) out[offset + t] += this.weights[base + t];
  }

  /** Scores of a group's feature blocks (T per block), computed once per distinct key. */
  private memo(memo: Map<string, Float64Array>, key: string, blocks: (key: string) => string[][]): Float64Array {
    let scores = memo.get(key);
    if (scores === undefined) {
      const features = blocks(key);
      const sums = new Float64Array(features.length * T);
      features.forEach((block, k) => this.addScores(block, sums, k * T));
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(key, sums);
      scores = sums;
    }
    return scores;
  }

  /** The same weights with other metadata (e.g. the training summary written into the file). */
  withMeta(meta: Record<string, unknown>): NerModel {
    return new NerModel(
      this.index,
      this.weights,
      this.transitions.map((v) => v * this.scale),
      this.scale,
      this.lexicon,
      meta,
      this.families,
    );
  }

  /** Quantizes and prunes trained weights into a model; `minWeight` drops rows whose largest |w| is smaller. */
  static fromWeights(
    features: string[],
    weights: Float64Array,
    transitions: Float64Array,
    lexicon: Lexicon,
    meta: Record<string, unknown>,
    minWeight: number,
    families: FeatureFamilies = ALL_FAMILIES,
  ): NerModel {
    let maxAbs = 0;
    for (const w of weights) maxAbs = Math.max(maxAbs, Math.abs(w));
    const scale = maxAbs / 32767 || 1;
    const kept: number[] = [];
    for (let r = 0; r < features.length; r++) {
      let rowMax = 0;
      for (let t = 0; t < T; t++) rowMax = Math.max(rowMax, Math.abs(weights[r * T + t]));
      if (rowMax >= minWeight && Math.round(rowMax / scale) !== 0) kept.push(r);
    }
    const q = new Int16Array(kept.length * T);
    kept.forEach((r, k) => {
      for (let t = 0; t < T; t++) q[k * T + t] = Math.round(weights[r * T + t] / scale);
    });
    const index = new Map(kept.map((r, k) => [features[r], k]));
    return new NerModel(index, q, transitions, scale, lexicon, meta, families);
  }

  serialize(): Buffer {
    const body: SerializedModel = {
      format: NER_MODEL_FORMAT,
      version: NER_MODEL_VERSION,
      tags: [...TAGS],
      scale: this.scale,
      transitions: Array.from(this.transitions, (v) => v * this.scale),
      features: [...this.index.keys()].join('\n'),
      weights: Buffer.from(this.weights.buffer, this.weights.byteOffset, this.weights.byteLength).toString('base64'),
      lexicon: serializeLexicon(this.lexicon),
      meta: this.meta,
      families: this.families,
    };
    return gzipSync(JSON.stringify(body), { level: 9 });
  }

  static deserialize(data: Buffer): NerModel {
    const body = JSON.parse(gunzipSync(data).toString('utf8')) as SerializedModel;
    if (body.format !== NER_MODEL_FORMAT || body.version !== NER_MODEL_VERSION) {
      throw new Error(`unsupported NER model ${body.format} v${body.version}`);
    }
    if (body.tags.join(' ') !== TAGS.join(' ')) throw new Error('NER model tag set differs from this code');
    const features = body.features.split('\n');
    const bytes = Buffer.from(body.weights, 'base64');
    // Copy into an aligned buffer: a Buffer's byteOffset need not be a multiple of 2.
    const weights = new Int16Array(bytes.byteLength / 2);
    new Uint8Array(weights.buffer).set(bytes);
    const index = new Map<string, number>();
    for (let i = 0; i < features.length; i++) index.set(features[i], i);
    return new NerModel(
      index,
      weights,
      Float64Array.from(body.transitions),
      body.scale,
      deserializeLexicon(body.lexicon),
      body.meta,
      { ...ALL_FAMILIES, ...body.families },
    );
  }
}

const wordBlocks = (word: string) => [wordFeatures(word)];
// A neighbour word has one block per context slot (-2, -1, +1, +2).
const neighborBlocks = (word: string) => NEIGHBOR_PREFIXES.map((prefix) => [prefix + word]);
const shapeBlocks = (key: string) => [shapeFeatures(key)];
const casingBlocks = (key: string) => [casingFeatures(key)];

function addInto(out: Float64Array, offset: number, scores: Float64Array, from: number): void {
  for (let t = 0; t < T; t++) out[offset + t] += scores[from + t];
}

const loaded = new Map<string, NerModel>();

/**
 * Loads the NER model once per process and path. Without a path: the committed `models/ner-v1.json.gz`, found
 * by walking up from this file (works from src/ under Jest and from dist/). Services pass NER_MODEL_PATH.
 */
export function loadNerModel(path?: string): NerModel {
  const file = resolve(path ?? findDefaultModel());
  let model = loaded.get(file);
  if (!model) {
    model = NerModel.deserialize(readFileSync(file));
    loaded.set(file, model);
  }
  return model;
}

function findDefaultModel(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, DEFAULT_MODEL_FILE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`NER model ${DEFAULT_MODEL_FILE} not found above ${__dirname}`);
  }
}
