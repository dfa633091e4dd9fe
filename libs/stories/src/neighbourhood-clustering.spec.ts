import { clusterNeighbourhood, NeighbourhoodArticle } from './neighbourhood-clustering';
import { WeightedArticle } from './weighted-article';

function vector(terms: Record<string, number>): WeightedArticle {
  const norm = Math.sqrt(Object.values(terms).reduce((s, w) => s + w * w, 0));
  return {
    terms: new Map(Object.entries(terms).map(([k, w]) => [k, w / norm])),
    entities: new Map(),
    titleTerms: new Map(),
  };
}

const options = {
  neighbours: 2,
  priorSimilarity: 0.6,
  threshold: 2 / 3,
  weights: { content: 1, entities: 0, title: 0 },
  decay: { graceMs: 86_400_000, halfLifeMs: 3 * 86_400_000 },
};

function article(articleId: string, terms: Record<string, number>): NeighbourhoodArticle {
  return { articleId, time: 0, vector: vector(terms), neighbours: [] };
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
