import { stem } from './stemmer';

describe('stem', () => {
  it.each([
    ['arrests', 'arrest'],
    ['arrested', 'arrest'],
    ['arresting', 'arrest'],
    ['ponies', 'poni'],
    ['caresses', 'caress'],
    ['hopping', 'hop'],
    ['filing', 'file'],
    ['agreed', 'agree'],
    ['crisis', 'crisis'],
    ['news', 'new'],
    ['bus', 'bus'],
  ])('%s → %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });
});
