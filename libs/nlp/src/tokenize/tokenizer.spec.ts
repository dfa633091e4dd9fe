import { tokenize } from './tokenizer';

const texts = (s: string) => tokenize(s).map((t) => t.text);

describe('tokenize', () => {
  it('keeps exact character offsets into the original text', () => {
    const text = '  KYIV, Apr 07 (AP/BBC): Ukraine’s “weapons, weapons”… said Mr. Kuleba\n\nU.S. officials';
    for (const t of tokenize(text)) expect(text.slice(t.start, t.end)).toBe(t.text);
  });

  it('splits punctuation, possessives and clitics like the CoNLL-2003 tokens', () => {
    expect(texts("Russia's focus isn't new, \"it's weapons.\"")).toEqual([
      'Russia',
      "'s",
      'focus',
      'is',
      "n't",
      'new',
      ',',
      '"',
      'it',
      "'s",
      'weapons',
      '.',
      '"',
    ]);
    expect(texts('Ukraine’s capital')).toEqual(['Ukraine', '’s', 'capital']);
    // Already tokenized text (CoNLL, treebank style): a detached clitic stays one token; a quote stays a quote.
    expect(texts("Lord 's and they 're 'sorry'")).toEqual(['Lord', "'s", 'and', 'they', "'re", "'", 'sorry', "'"]);
  });

  it('keeps dotted abbreviations, initials, numbers and lower-case hyphenated words whole', () => {
    expect(
      texts('The U.S. Senate, Mr. Biden and Edith M. Lederer on Feb. 24 saw 1,200 people in Russian-speaking towns.'),
    ).toEqual([
      'The',
      'U.S.',
      'Senate',
      ',',
      'Mr.',
      'Biden',
      'and',
      'Edith',
      'M.',
      'Lederer',
      'on',
      'Feb.',
      '24',
      'saw',
      '1,200',
      'people',
      'in',
      'Russian-speaking',
      'towns',
      '.',
    ]);
  });

  it('splits a hyphenated compound of known places or organisations, and only that', () => {
    expect(texts('Ukraine-Hungary rift')).toEqual(['Ukraine', '-', 'Hungary', 'rift']);
    expect(texts('Russia-NATO talks')).toEqual(['Russia', '-', 'NATO', 'talks']);
    expect(texts('Moscow-backed separatists')).toEqual(['Moscow-backed', 'separatists']);
    expect(texts('Nagorno-Karabakh and Jean-Michel Monin')).toEqual([
      'Nagorno-Karabakh',
      'and',
      'Jean-Michel',
      'Monin',
    ]);
  });

  it('normalizes typographic quotes and dashes for the tagger, not in the offsets', () => {
    const [quote, word, , dash] = tokenize('“Kyiv” – Lviv');
    expect([quote.text, quote.norm]).toEqual(['“', '"']);
    expect(word.norm).toBe('Kyiv');
    expect([dash.text, dash.norm]).toEqual(['–', '-']);
  });
});
