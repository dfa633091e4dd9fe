import { isTitleCase, properNouns } from './proper-nouns';

describe('properNouns', () => {
  const names = (text: string) => properNouns(text).map((n) => (n.uncertain ? `${n.text}?` : n.text));

  it('finds runs of capitalised words and skips function words opening a sentence', () => {
    expect(names('In Brussels, Foreign Minister Dmytro Kuleba urged NATO to act. The talks failed.')).toEqual([
      'Brussels',
      'Foreign Minister Dmytro Kuleba',
      'NATO',
    ]);
  });

  it('drops a sentence opener the text also writes in lower case', () => {
    expect(names('Shelling went on. The shelling stopped at night.')).toEqual([]);
  });

  it('flags a word that only ever opens a sentence as uncertain', () => {
    expect(names('Officials met. Kuleba arrived on Thursday and met Stoltenberg. Stoltenberg spoke.')).toEqual([
      'Officials?',
      'Kuleba?',
      'Stoltenberg',
      'Stoltenberg',
    ]);
  });

  it('drops possessives', () => {
    expect(names("the talks in Kyiv's suburbs")).toEqual(['Kyiv']);
  });
});

describe('isTitleCase', () => {
  it('tells a Title Case headline from a sentence-case one', () => {
    expect(isTitleCase('Stocks Fall After Fed Official Hints At Faster Tapering')).toBe(true);
    expect(isTitleCase("Fed's Charles Plosser sees high bar for change in pace of tapering")).toBe(false);
  });
});
