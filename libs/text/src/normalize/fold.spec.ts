import { foldForMatching } from './fold';

describe('foldForMatching', () => {
  it('folds typographic quotes, dashes and ellipsis to ASCII', () => {
    expect(foldForMatching('\u201CWeapons\u201D \u2013 it\u2019s simple\u2026')).toBe('"weapons" - it\'s simple...');
  });

  it('lower-cases, strips diacritics and collapses whitespace', () => {
    expect(foldForMatching('  Zelensky   CAF\u00C9\n\n Kharkiv\u00A0Kyiv ')).toBe('zelensky cafe kharkiv kyiv');
  });

  it('collapses every kind of whitespace run exactly as /\\s+/ would', () => {
    const runs = [
      'a b',
      'a  b',
      'a \tb',
      'a\t b',
      'a\u00A0b',
      'a \u00A0 b',
      'a\u2028b',
      'a\n\nb',
      'a \n b',
      'a\u3000 b',
    ];
    for (const text of runs) expect(foldForMatching(text)).toBe(text.replace(/\s+/g, ' '));
  });

  it('applies compatibility folding (ligatures, full-width forms) and drops invisible characters', () => {
    expect(foldForMatching('\uFB01nal \uFF21\uFF30 re\u00ADport\u200B')).toBe('final ap report');
  });

  it('makes curly and straight copies of one sentence equal', () => {
    const a = 'Kuleba said: \u201CMy agenda is very simple \u2014 it\u2019s weapons.\u201D';
    const b = 'Kuleba said: "My agenda is very simple - it\'s weapons."';
    expect(foldForMatching(a)).toBe(foldForMatching(b));
  });
});
