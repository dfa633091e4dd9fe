import { formatDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['5', 5_000],
    ['250ms', 250],
    ['5s', 5_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['5d', 432_000_000],
    ['1.5s', 1_500],
    [' 10H ', 36_000_000],
  ])('%p → %p ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each(['', '5x', '-5s', 's', '5 s', '1e3', 'NaN', '99999999999999999999d'])('rejects %p', (input) => {
    expect(() => parseDuration(input)).toThrow();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [999, '999ms'],
    [90_000, '1m30s'],
    [5 * 86_400_000 + 7_200_000, '5d2h'],
  ])('%p → %p', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
