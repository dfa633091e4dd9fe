import { CaseClass } from './document-context';
import { TaggerSentence } from './tagger-sentence';

// How the training corpus writes each word mid-sentence (mostly capitalised, mostly lower case, or both).
// It generalises the document casing evidence to documents that use a word only once, sentence-initially
// ("Abandon your ...": "abandon" is a lower-case word in the corpus). Shipped inside the model.

export type Lexicon = Map<string, CaseClass>;

export interface SerializedLexicon {
  capitalised: string[];
  lowercase: string[];
  mixed: string[];
}

// A word needs a few occurrences to have a trustworthy casing habit, and a clear majority to be C or L.
const MIN_OCCURRENCES = 2;
const MAJORITY = 0.9;

export function buildLexicon(sentences: TaggerSentence[]): Lexicon {
  const cap = new Map<string, number>();
  const low = new Map<string, number>();
  for (const s of sentences) {
    if (s.headline) continue;
    for (let i = 0; i < s.words.length; i++) {
      if (s.initial[i] || !/^\p{L}/u.test(s.words[i])) continue;
      const counts = /^\p{Lu}/u.test(s.words[i]) ? cap : low;
      counts.set(s.lower[i], (counts.get(s.lower[i]) ?? 0) + 1);
    }
  }
  const lexicon: Lexicon = new Map();
  for (const word of new Set([...cap.keys(), ...low.keys()])) {
    const c = cap.get(word) ?? 0;
    const l = low.get(word) ?? 0;
    if (c + l < MIN_OCCURRENCES) continue;
    lexicon.set(word, c >= MAJORITY * (c + l) ? 'C' : l >= MAJORITY * (c + l) ? 'L' : 'M');
  }
  return lexicon;
}

export function serializeLexicon(lexicon: Lexicon): SerializedLexicon {
  const out: SerializedLexicon = { capitalised: [], lowercase: [], mixed: [] };
  for (const [word, cls] of lexicon) {
    (cls === 'C' ? out.capitalised : cls === 'L' ? out.lowercase : out.mixed).push(word);
  }
  for (const list of Object.values(out)) list.sort();
  return out;
}

export function deserializeLexicon(s: SerializedLexicon): Lexicon {
  const lexicon: Lexicon = new Map();
  for (const w of s.capitalised) lexicon.set(w, 'C');
  for (const w of s.lowercase) lexicon.set(w, 'L');
  for (const w of s.mixed) lexicon.set(w, 'M');
  return lexicon;
}
