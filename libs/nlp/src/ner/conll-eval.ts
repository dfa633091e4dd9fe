import { Gazetteer } from '../gazetteer';
import { ALL_FAMILIES, FeatureFamilies } from './features';
import { ConllDocument } from './conll';
import { scoreSpans, SpanScores } from './evaluate';
import { Lexicon } from './lexicon';
import { tagDocument, WeightSource } from './tag-document';
import { prepareSentence } from './tagger-sentence';
import { TAGS } from './tags';

/** Tags CoNLL documents (on their own tokens) and scores PER/LOC/ORG exact spans against the gold tags. */
export function evaluateConll(
  docs: ConllDocument[],
  weights: WeightSource,
  lexicon: Lexicon,
  gazetteer: Gazetteer,
  families: FeatureFamilies = ALL_FAMILIES,
): SpanScores {
  const pairs: { gold: string[]; predicted: string[] }[] = [];
  for (const doc of docs) {
    const paths = tagDocument(
      doc.map((s) => prepareSentence(s.words)),
      weights,
      lexicon,
      gazetteer,
      undefined,
      families,
    );
    doc.forEach((s, i) => pairs.push({ gold: s.tags, predicted: paths[i].map((t) => TAGS[t]) }));
  }
  return scoreSpans(pairs);
}
