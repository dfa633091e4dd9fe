import { clusterNeighbourhood, NeighbourhoodArticle } from './neighbourhood-clustering';
import { WeightedArticle } from './weighted-article';

function unit(weights: Record<string, number>): Map<string, number> {
  const norm = Math.sqrt(Object.values(weights).reduce((s, w) => s + w * w, 0));
  return new Map(Object.entries(weights).map(([k, w]) => [k, w / norm]));
}

function vector(terms: Record<string, number>, headline: string[] = []): WeightedArticle {
  return {
    terms: unit(terms),
    entities: new Map(),
    titleTerms: unit(Object.fromEntries(headline.map((term) => [term, 1]))),
  };
}

const options = {
  neighbours: 2,
  priorSimilarity: 0.6,
  threshold: 2 / 3,
  headlineAgreement: { from: 0.25, to: 0.45, bonus: 0.1 },
  weights: { content: 1, entities: 0, title: 0 },
  decay: { graceMs: 86_400_000, halfLifeMs: 3 * 86_400_000 },
};

function article(articleId: string, terms: Record<string, number>, headline: string[] = []): NeighbourhoodArticle {
  return { articleId, time: 0, vector: vector(terms, headline), neighbours: [] };
}

describe('clusterNeighbourhood', () => {
  it('tells two tight sub-events of one topic apart although they share its vocabulary', () => {
    // Two fights of one boxer: every report names him and the title, each fight its own opponent and town.
    // Across the fights the similarity is 0.55, far above what a fixed story threshold (~0.25) would split;
    // relative to how alike each fight's own reports are, it is low.
    const fight = (id: string, opponent: string, town: string) =>
      article(id, { klitschko: 2, title: 1, heavyweight: 1, [opponent]: 2, [town]: 1 });
    const result = clusterNeighbourhood(
      [
        fight('r1', 'rahman', 'berlin'),
        fight('r2', 'rahman', 'berlin'),
        fight('r3', 'rahman', 'berlin'),
        fight('t1', 'thompson', 'bern'),
        fight('t2', 'thompson', 'bern'),
      ],
      options,
    );
    expect(result.groups).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
    expect(result.relative(0, 1)).toBeGreaterThan(options.threshold);
    expect(result.relative(0, 3)).toBeLessThan(options.threshold);
  });

  it('keeps a story whole whose reports follow different turns under headlines that agree', () => {
    // An actress checks into one clinic, leaves it, checks into another: the bodies split on the clinics as
    // the fights above split on opponents, but every outlet heads its report "Lohan checks into rehab".
    const report = (id: string, clinic: string, town: string, headline: string[]) =>
      article(id, { lohan: 2, rehab: 1, court: 1, [clinic]: 2, [town]: 1 }, headline);
    const reports = (headline: string[]) => [
      report('m1', 'morningside', 'newport', headline),
      report('m2', 'morningside', 'newport', headline),
      report('m3', 'morningside', 'newport', headline),
      report('b1', 'ford', 'mirage', headline),
      report('b2', 'ford', 'mirage', headline),
    ];
    const agreeing = clusterNeighbourhood(reports(['lohan', 'check', 'rehab']), options);
    expect(agreeing.groups).toEqual([[0, 1, 2, 3, 4]]);
    expect(agreeing.relative(0, 3)).toBeLessThan(options.threshold);
    expect(agreeing.headline(0, 3)).toBeCloseTo(1);
    // Without headlines, the same bodies are two stories.
    expect(clusterNeighbourhood(reports([]), options).groups).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
  });

  it('folds the similarities it computed into each article neighbour list', () => {
    const result = clusterNeighbourhood(
      [
        { ...article('a', { storm: 1 }), neighbours: [['old', 0.95]] },
        article('b', { storm: 1, flood: 1 }),
        article('c', { theft: 1 }),
      ],
      options,
    );
    expect(result.neighbours[0]).toEqual([
      ['old', 0.95],
      ['b', expect.closeTo(Math.SQRT1_2)],
    ]);
    expect(result.neighbours[2].map(([id]) => id)).toEqual(['a', 'b']);
  });
});
