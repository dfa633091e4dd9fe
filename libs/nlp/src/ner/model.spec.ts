import { DEFAULT_GAZETTEER } from '../gazetteer';
import { DocumentContext } from './document-context';
import { flattenFeatures, sentenceFeatures } from './features';
import { buildLexicon } from './lexicon';
import { NerModel } from './model';
import { AveragedPerceptron } from './perceptron';
import { tagDocument } from './tag-document';
import { prepareSentence } from './tagger-sentence';
import { TAG_INDEX, TAGS } from './tags';

// A toy corpus: the perceptron must learn it, and the quantized model must decode it the same way after a
// serialize/deserialize round trip.
const corpus: [string[], string[]][] = [
  [
    ['Anna', 'Smith', 'visited', 'Paris', '.'],
    ['B-PER', 'I-PER', 'O', 'B-LOC', 'O'],
  ],
  [
    ['Acme', 'Corp', 'hired', 'John', 'Brown', '.'],
    ['B-ORG', 'I-ORG', 'O', 'B-PER', 'I-PER', 'O'],
  ],
  [
    ['They', 'flew', 'to', 'Rome', 'with', 'Anna', '.'],
    ['O', 'O', 'O', 'B-LOC', 'O', 'B-PER', 'O'],
  ],
];

function train(): { perceptron: AveragedPerceptron; sentences: ReturnType<typeof prepareSentence>[] } {
  const sentences = corpus.map(([words]) => prepareSentence(words));
  const lexicon = buildLexicon(sentences);
  const perceptron = new AveragedPerceptron();
  for (let epoch = 0; epoch < 10; epoch++) {
    tagDocument(sentences, perceptron, lexicon, DEFAULT_GAZETTEER, (si, features, predicted) =>
      perceptron.update(
        features,
        corpus[si][1].map((t) => TAG_INDEX.get(t) ?? 0),
        predicted,
      ),
    );
  }
  return { perceptron, sentences };
}

describe('AveragedPerceptron and NerModel', () => {
  it('learns a toy corpus and survives quantization and a serialization round trip', () => {
    const { perceptron, sentences } = train();
    const lexicon = buildLexicon(sentences);
    const avg = perceptron.averaged();
    const model = NerModel.fromWeights(avg.features, avg.weights, avg.transitions, lexicon, { toy: true }, 0);
    const decoded = (m: NerModel) =>
      tagDocument(sentences, m, m.lexicon, DEFAULT_GAZETTEER).map((path) => path.map((t) => TAGS[t]));
    expect(decoded(model)).toEqual(corpus.map(([, tags]) => tags));
    const restored = NerModel.deserialize(model.serialize());
    expect(decoded(restored)).toEqual(corpus.map(([, tags]) => tags));
    expect(restored.meta).toEqual({ toy: true });
    expect(restored.featureCount).toBe(model.featureCount);
  });

  it('scores grouped features (memoised) exactly like the flat feature list', () => {
    const { perceptron, sentences } = train();
    const lexicon = buildLexicon(sentences);
    const avg = perceptron.averaged();
    const model = NerModel.fromWeights(avg.features, avg.weights, avg.transitions, lexicon, {}, 0);
    const doc = new DocumentContext(sentences);
    for (const s of sentences) {
      for (const groups of sentenceFeatures(s, doc, lexicon, DEFAULT_GAZETTEER)) {
        const flat = new Float64Array(TAGS.length);
        const grouped = new Float64Array(TAGS.length);
        model.addScores(flattenFeatures(groups), flat, 0);
        model.addTokenScores(groups, grouped, 0);
        model.addTokenScores(groups, grouped.fill(0), 0);
        expect(Array.from(grouped)).toEqual(Array.from(flat));
      }
    }
  });

  it('prunes rows whose weights are all below the threshold', () => {
    const { perceptron, sentences } = train();
    const avg = perceptron.averaged();
    const all = NerModel.fromWeights(avg.features, avg.weights, avg.transitions, buildLexicon(sentences), {}, 0);
    const pruned = NerModel.fromWeights(avg.features, avg.weights, avg.transitions, buildLexicon(sentences), {}, 1);
    expect(pruned.featureCount).toBeLessThan(all.featureCount);
  });
});
