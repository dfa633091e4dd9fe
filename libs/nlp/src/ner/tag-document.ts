import { Gazetteer } from '../gazetteer';
import { DocumentContext } from './document-context';
import {
  ALL_FAMILIES,
  FeatureFamilies,
  flattenFeatures,
  historyFeature,
  sentenceFeatures,
  TokenFeatureGroups,
} from './features';
import { Lexicon } from './lexicon';
import { TaggerSentence } from './tagger-sentence';
import { TAGS, tagType } from './tags';
import { viterbi } from './viterbi';

/** Linear scores: the trained weights while training, the quantized model at run time. */
export interface WeightSource {
  /** (T+1)×T transition scores, last row = sentence start. */
  readonly transitions: Float64Array;
  /** Adds each tag's score of one token's features into out[offset .. offset+T). */
  addScores(features: string[], out: Float64Array, offset: number): void;
  /** The same for grouped features; the run-time model memoises group sums here. */
  addTokenScores(groups: TokenFeatureGroups, out: Float64Array, offset: number): void;
}

/** Called after each sentence is decoded; the trainer updates its weights here, before the next sentence. */
export type SentenceHook = (sentenceIndex: number, features: string[][], predicted: number[]) => void;

// Sentences are decoded in document order so that history features see the decisions for earlier sentences,
// which is also how the trainer sees them. Scores are computed right before each sentence is decoded: while
// training, the weights change after every sentence, and scoring a document up front with stale weights
// makes the perceptron repeat (and over-correct) the same mistake in every sentence of a document.
//
// One pass: a word's other occurrences reach it only through the history and document-casing features.
// Whole-document evidence taken from a first pass (the type a word is given most often, the neighbour words of
// its other occurrences) is near-perfect on the training documents the perceptron has memorised, so it learns to
// over-trust it on new text.
export function tagDocument(
  sentences: TaggerSentence[],
  weights: WeightSource,
  lexicon: Lexicon,
  gazetteer: Gazetteer,
  hook?: SentenceHook,
  families: FeatureFamilies = ALL_FAMILIES,
): number[][] {
  const T = TAGS.length;
  const doc = new DocumentContext(sentences);
  return sentences.map((s, si) => {
    const features = sentenceFeatures(s, doc, lexicon, gazetteer, families);
    const n = features.length;
    const emissions = new Float64Array(n * T);
    for (let i = 0; i < n; i++) {
      const h = families.history ? historyFeature(s, i, doc) : undefined;
      if (h !== undefined) features[i].rest.push(h);
      weights.addTokenScores(features[i], emissions, i * T);
    }
    const path = viterbi(n, emissions, weights.transitions);
    hook?.(si, features.map(flattenFeatures), path);
    doc.remember(
      s,
      path.map((t) => tagType(TAGS[t])),
    );
    return path;
  });
}
