import { foldSpelling } from './spelling';

describe('foldSpelling', () => {
  it.each([
    ['colour', 'color'],
    ['neighbours', 'neighbors'],
    ['armoured', 'armored'],
    ['favourite', 'favorite'],
    ['realise', 'realize'],
    ['demilitarise', 'demilitarize'],
    ['organisations', 'organizations'],
    ['analysed', 'analyzed'],
    ['centre', 'center'],
    ['theatres', 'theaters'],
    ['fibre', 'fiber'],
    ['travelled', 'traveled'],
    ['cancelling', 'canceling'],
    ['catalogue', 'catalog'],
    ['programme', 'program'],
    ['paediatric', 'pediatric'],
    ['defence', 'defense'],
    ['feb', 'february'],
  ])('folds %s to the American %s', (uk, us) => {
    expect(foldSpelling(uk)).toBe(us);
    expect(foldSpelling(us)).toBe(foldSpelling(uk));
  });

  it.each(['four', 'hour', 'your', 'rise', 'called', 'filled', 'kyiv', 'news'])('leaves %s alone', (word) => {
    expect(foldSpelling(word)).toBe(word);
  });
});
