import { localScale, updateNeighbours } from './local-scaling';

describe('local scaling', () => {
  it('keeps the k most similar neighbours, one entry per article, the latest similarity winning', () => {
    const list = updateNeighbours(
      [
        ['a', 0.5],
        ['b', 0.2],
      ],
      [
        ['c', 0.9],
        ['b', 0.3],
        ['d', 0.1],
      ],
      3,
    );
    expect(list).toEqual([
      ['c', 0.9],
      ['a', 0.5],
      ['b', 0.3],
    ]);
  });

  it('is the mean similarity to the k nearest neighbours, missing ones counted at the prior', () => {
    const options = { neighbours: 4, priorSimilarity: 0.6 };
    expect(localScale([['a', 0.2]], options)).toBeCloseTo((0.2 + 3 * 0.6) / 4);
    expect(
      localScale(
        [
          ['a', 0.4],
          ['b', 0.4],
          ['c', 0.2],
          ['d', 0.2],
          ['e', 0.1],
        ],
        options,
      ),
    ).toBeCloseTo(0.3);
  });
});
