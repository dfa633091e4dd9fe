import fc from 'fast-check';
import { headlineSimilarity } from './article-similarity';
import { pairwiseCosines } from './pairwise-cosines';
import { WeightedArticle } from './weighted-article';

const asHeadline = (titleTerms: Map<string, number>): WeightedArticle => ({
  terms: new Map(),
  entities: new Map(),
  titleTerms,
});

describe('pairwiseCosines', () => {
  it('gives every pair exactly the cosine one pair at a time gives, whatever the sizes and overlaps', () => {
    const vector = fc
      .array(
        fc.tuple(
          fc.constantFrom('storm', 'harbour', 'tide', 'mayor', 'ferry', 'crane', 'strike', 'x'),
          fc.double({ min: 0.001, max: 1, noNaN: true }),
        ),
        { maxLength: 8 },
      )
      .map((pairs) => new Map(pairs));
    fc.assert(
      fc.property(fc.array(vector, { minLength: 1, maxLength: 12 }), (vectors) => {
        const n = vectors.length;
        const out = new Float64Array(n * n);
        pairwiseCosines(vectors, out);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            if (i === j) continue;
            const [a, b] = i < j ? [vectors[i], vectors[j]] : [vectors[j], vectors[i]];
            // Exactly equal (=== also takes 0 for -0: a sum that met no shared key).
            expect(out[i * n + j] === headlineSimilarity(asHeadline(a), asHeadline(b))).toBe(true);
            expect(out[i * n + j]).toBe(out[j * n + i]);
          }
        }
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
