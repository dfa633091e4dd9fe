import { detectLanguage, toIso6391 } from './language';

describe('language', () => {
  it('detects the language of article text with a confidence', () => {
    const en = detectLanguage('The council met on Monday evening to discuss the plan for the new library in the town.');
    expect(en.code).toBe('en');
    expect(en.confidence).toBeGreaterThan(0.5);
    expect(en.source).toBe('detected');
    expect(
      detectLanguage(
        'Le conseil municipal s\u2019est r\u00E9uni lundi soir pour discuter du projet de biblioth\u00E8que.',
      ).code,
    ).toBe('fr');
    expect(
      detectLanguage('Der Stadtrat hat am Montagabend \u00FCber den Plan f\u00FCr die neue Bibliothek beraten.').code,
    ).toBe('de');
  });

  it('returns no code when there is nothing to detect from', () => {
    expect(detectLanguage('')).toEqual({ code: null, confidence: 0, source: 'detected' });
    expect(detectLanguage('12345 !!!')).toEqual({ code: null, confidence: 0, source: 'detected' });
  });

  it('reduces language tags to ISO 639-1', () => {
    expect(toIso6391('en-GB')).toBe('en');
    expect(toIso6391('PT_br')).toBe('pt');
    expect(toIso6391('english')).toBeNull();
    expect(toIso6391(null)).toBeNull();
  });
});
