import { evaluateClustering } from '@storyline/stories';
import { assignFolds, heldOutBcubed } from './cross-validation';

describe('assignFolds', () => {
  it('deals the sorted keys round the folds, each key once', () => {
    const folds = assignFolds([3, 1, 2, 1, 5, 4, 6], 3, (a, b) => a - b);
    expect([...folds]).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 0],
      [5, 1],
      [6, 2],
    ]);
  });
});

describe('heldOutBcubed', () => {
  const gold = new Map([
    ['a1', 'A'],
    ['a2', 'A'],
    ['b1', 'B'],
    ['b2', 'B'],
  ]);
  const predicted = new Map([
    ['a1', 'x'],
    ['a2', 'x'],
    ['b1', 'x'],
    ['b2', 'y'],
  ]);

  it('counts a held-out article put with articles of another fold against it', () => {
    // b1 is held out alone: its predicted story holds two articles of story A, from the training folds.
    const b = heldOutBcubed(predicted, gold, ['b1']);
    expect(b.precision).toBeCloseTo(1 / 3);
    expect(b.recall).toBeCloseTo(1 / 2);
  });

  it('over folds that partition the articles, averages to the B³ of the whole run', () => {
    const parts = [heldOutBcubed(predicted, gold, ['a1', 'a2']), heldOutBcubed(predicted, gold, ['b1', 'b2'])];
    const whole = evaluateClustering(predicted, gold).bcubed;
    expect((parts[0].precision + parts[1].precision) / 2).toBeCloseTo(whole.precision);
    expect((parts[0].recall + parts[1].recall) / 2).toBeCloseTo(whole.recall);
  });
});
