import { foldText, matchTokens } from './tokenize';

describe('matchTokens', () => {
  it('ignores case, diacritics, typographic punctuation and possessives', () => {
    expect(matchTokens("Orbán’s “plan” — Kyiv's")).toEqual(['orban', 'plan', 'kyiv']);
  });

  it('is insensitive to line wrapping and spacing', () => {
    expect(matchTokens('the quick\nbrown   fox\r\n jumps')).toEqual(matchTokens('The quick brown fox jumps'));
  });

  it('folds UK and US spellings to one token', () => {
    expect(matchTokens('The neighbouring centre was armoured')).toEqual(
      matchTokens('the neighboring center was armored'),
    );
  });

  it('drops soft hyphens and keeps letters of any script', () => {
    expect(foldText('co\u00ADoperation')).toBe('cooperation');
    // ї decomposes to і + combining diaeresis, and the mark is dropped like any other diacritic.
    expect(matchTokens('Київ, Kyiv')).toEqual(['\u043a\u0438\u0456\u0432', 'kyiv']);
  });
});
