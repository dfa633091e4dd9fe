import { averageLinkGroups } from './average-link';

function matrix(rows: number[][]): Float64Array {
  return Float64Array.from(rows.flat());
}

describe('averageLinkGroups', () => {
  it('joins items whose groups stay similar on average and leaves the rest apart', () => {
    const sim = matrix([
      [1, 0.9, 0.8, 0.1],
      [0.9, 1, 0.7, 0.0],
      [0.8, 0.7, 1, 0.2],
      [0.1, 0.0, 0.2, 1],
    ]);
    expect(averageLinkGroups(sim, 4, 0.5)).toEqual([[0, 1, 2], [3]]);
  });

  it('uses the mean over all pairs, not the closest pair (one strong link does not chain two groups)', () => {
    // 0–1 and 2–3 are tight pairs; only 1–2 is close across them: mean link (0.9 + 0.1 × 3) / 4 = 0.3.
    const sim = matrix([
      [1, 0.95, 0.1, 0.1],
      [0.95, 1, 0.9, 0.1],
      [0.1, 0.9, 1, 0.95],
      [0.1, 0.1, 0.95, 1],
    ]);
    expect(averageLinkGroups(sim, 4, 0.5)).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(averageLinkGroups(sim, 4, 0.25)).toEqual([[0, 1, 2, 3]]);
  });

  it('adds what a supporting measure averages to between two groups to their link', () => {
    // Two tight pairs at mean similarity 0.4 across, below the 0.5 bar; only the supporting measure differs.
    const sim = matrix([
      [1, 0.9, 0.4, 0.4],
      [0.9, 1, 0.4, 0.4],
      [0.4, 0.4, 1, 0.9],
      [0.4, 0.4, 0.9, 1],
    ]);
    const support = (across: number) => ({
      matrix: matrix([
        [0, 1, across, across],
        [1, 0, across, across],
        [across, across, 0, 1],
        [across, across, 1, 0],
      ]),
      bonus: (mean: number) => Math.max(0, mean - 0.5),
    });
    expect(averageLinkGroups(sim, 4, 0.5, support(0.7))).toEqual([[0, 1, 2, 3]]);
    expect(averageLinkGroups(sim, 4, 0.5, support(0.55))).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('handles no items and one item', () => {
    expect(averageLinkGroups(new Float64Array(0), 0, 0.5)).toEqual([]);
    expect(averageLinkGroups(matrix([[1]]), 1, 0.5)).toEqual([[0]]);
  });
});
