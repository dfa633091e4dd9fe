import { CALENDAR } from './calendar';
import { ORGANISATION_WORDS, ORGANISATIONS } from './organisations';
import { CITIES, COUNTRIES, REGIONS } from './places';
import { FIRST_NAMES, NATIONALITIES, TITLES } from './people';

/** Gazetteer categories; LOC/ORG/FIRST/NAT are entity evidence, ORGW/TITLE/CAL are context evidence. */
export type GazetteerCategory = 'LOC' | 'ORG' | 'FIRST' | 'NAT' | 'TITLE' | 'ORGW' | 'CAL';

interface Entry {
  words: string[];
  category: GazetteerCategory;
}

/** One gazetteer match: tokens `[start, end)` of a sentence. */
export interface GazetteerMatch {
  start: number;
  end: number;
  category: GazetteerCategory;
}

// Multi-word entries are matched on lower-cased tokens; an entry is split on spaces and hyphens the same way
// the tokenizer splits capitalised hyphenated words, and keeps dotted abbreviations ("U.S.", "St.") whole.
function entries(list: string, category: GazetteerCategory): Entry[] {
  return list
    .split('|')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => ({ words: s.toLowerCase().split(/\s+/), category }));
}

export class Gazetteer {
  private readonly byFirstWord = new Map<string, Entry[]>();

  constructor(all: Entry[]) {
    for (const entry of all) {
      const list = this.byFirstWord.get(entry.words[0]);
      if (list) list.push(entry);
      else this.byFirstWord.set(entry.words[0], [entry]);
    }
    for (const list of this.byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
  }

  /** All words of one category, for callers that need a plain lookup (e.g. titles when canonicalising). */
  has(word: string, category: GazetteerCategory): boolean {
    return (this.byFirstWord.get(word.toLowerCase()) ?? []).some(
      (e) => e.category === category && e.words.length === 1,
    );
  }

  /** The longest match per category starting at each token; `lower` are the sentence's lower-cased tokens. */
  match(lower: string[]): GazetteerMatch[] {
    const matches: GazetteerMatch[] = [];
    for (let i = 0; i < lower.length; i++) {
      const candidates = this.byFirstWord.get(lower[i]);
      if (!candidates) continue;
      const seen = new Set<GazetteerCategory>();
      for (const entry of candidates) {
        if (seen.has(entry.category) || !matchesAt(lower, i, entry.words)) continue;
        seen.add(entry.category);
        matches.push({ start: i, end: i + entry.words.length, category: entry.category });
      }
    }
    return matches;
  }
}

function matchesAt(lower: string[], i: number, words: string[]): boolean {
  if (i + words.length > lower.length) return false;
  for (let k = 1; k < words.length; k++) if (lower[i + k] !== words[k]) return false;
  return true;
}

// A hyphenated entry is kept whole (CoNLL tokens: "Guinea-Bissau") and also split the way the run-time
// tokenizer splits capitalised hyphenated words ("Guinea", "-", "Bissau").
function tokenizeEntries(list: Entry[]): Entry[] {
  return list.flatMap((e) => {
    if (!e.words.some((w) => w.includes('-'))) return [e];
    const split = e.words.flatMap((w) => (/^[a-z]+(?:-[a-z]+)+$/.test(w) ? w.split(/(-)/) : [w]));
    return [e, { category: e.category, words: split }];
  });
}

export const DEFAULT_GAZETTEER = new Gazetteer(
  tokenizeEntries([
    ...entries(COUNTRIES, 'LOC'),
    ...entries(CITIES, 'LOC'),
    ...entries(REGIONS, 'LOC'),
    ...entries(ORGANISATIONS, 'ORG'),
    ...entries(ORGANISATION_WORDS, 'ORGW'),
    ...entries(FIRST_NAMES, 'FIRST'),
    ...entries(NATIONALITIES, 'NAT'),
    ...entries(TITLES, 'TITLE'),
    ...entries(CALENDAR, 'CAL'),
  ]),
);
