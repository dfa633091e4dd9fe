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

  it('cuts Chinese and Japanese, written without spaces, into characters', () => {
    expect(matchTokens('习近平会见马克龙。G20峰会')).toEqual([
      '习',
      '近',
      '平',
      '会',
      '见',
      '马',
      '克',
      '龙',
      'g20',
      '峰',
      '会',
    ]);
    // The voicing mark of で folds away like a diacritic.
    expect(matchTokens('東京でサミット')).toEqual(['東', '京', 'て', 'サ', 'ミ', 'ッ', 'ト']);
    // Korean separates its words: two tokens.
    expect(matchTokens('서울 정상회담')).toHaveLength(2);
  });

  it('drops soft hyphens and keeps letters of any script', () => {
    expect(foldText('co\u00ADoperation')).toBe('cooperation');
    // ї decomposes to і + combining diaeresis, and the mark is dropped like any other diacritic.
    expect(matchTokens('Київ, Kyiv')).toEqual(['\u043a\u0438\u0456\u0432', 'kyiv']);
  });
});
