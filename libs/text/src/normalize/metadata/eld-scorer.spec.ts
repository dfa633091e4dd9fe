import { nativeRequire } from '../native-require';
import { loadEldTables } from './eld-loader';
import { EldScorer } from './eld-scorer';

// The scorer must answer exactly as eld does (language, score and reliability), so it is checked against eld's own
// detector on texts of every length, script and degree of ambiguity. An eld update that changes its algorithm
// fails here.

interface EldResult {
  language: string;
  getScores(): Record<string, number>;
  isReliable(): boolean;
}

const eld = nativeRequire<{ eld: { detect(text: string): EldResult } }>('eld', 'src/entries/static.small.js').eld;
const scorer = new EldScorer(loadEldTables());

const TEXTS = [
  'The council met on Monday evening to discuss the plan for the new library in the town.',
  'Le conseil municipal s\u2019est r\u00E9uni lundi soir pour discuter du projet de biblioth\u00E8que.',
  'Der Stadtrat hat am Montagabend \u00FCber den Plan f\u00FCr die neue Bibliothek beraten.',
  'El consejo municipal se reuni\u00F3 el lunes por la noche para discutir el plan.',
  'Vl\u00E1da v pond\u011Bl\u00ED schv\u00E1lila nov\u00FD z\u00E1kon o dan\u00EDch',
  '\u0413\u043E\u0440\u043E\u0434\u0441\u043A\u043E\u0439 \u0441\u043E\u0432\u0435\u0442 \u0441\u043E\u0431\u0440\u0430\u043B\u0441\u044F \u0432 \u043F\u043E\u043D\u0435\u0434\u0435\u043B\u044C\u043D\u0438\u043A',
  '\u6771\u4EAC\u90FD\u306F\u6708\u66DC\u65E5\u306B\u65B0\u3057\u3044\u56F3\u66F8\u9928\u306E\u8A08\u753B\u3092\u767A\u8868\u3057\u305F',
  '\u0645\u0631\u062D\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645',
  '\u{1D400}\u{1D401} abc \u{1F600} emoji',
  'Kyiv Kharkiv Odesa',
  'Tesla SpaceX',
  'OK',
  'a',
  '12345 !!!',
  "don't won't it's rock 'n' roll",
  'x'.repeat(2000),
  `${'Ukraine urged its residents in the east of the country to take their last chance to flee. '.repeat(30)}`,
];

describe('EldScorer', () => {
  it.each(TEXTS.map((t) => [t.slice(0, 40), t]))('answers as eld does: %p', (_, text) => {
    const reference = eld.detect(text);
    const guess = scorer.detect(text);
    expect(guess.language).toBe(reference.language);
    if (reference.language) {
      expect(guess.score).toBe(reference.getScores()[reference.language]);
      expect(guess.reliable).toBe(reference.isReliable());
    } else expect(guess.reliable).toBe(false);
  });
});
