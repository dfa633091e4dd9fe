import { DEFAULT_GAZETTEER } from '../gazetteer';
import type { MentionType } from '../ner/recognize';

// The name part of a mention's surface form: whitespace (line wraps) collapsed, a possessive folded
// ("Kyiv's", "Donbas'" → "Kyiv", "Donbas"), a leading article dropped from places and organisations ("the
// Kremlin"), and for people the titles, offices and nationality adjectives in front of the name stripped
// ("Ukrainian Foreign Minister Dmytro Kuleba", "Mr Zelensky" → "Dmytro Kuleba", "Zelensky").

export function cleanSurface(text: string, type: MentionType): string {
  let words = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/['’]s?$/, '')
    .replace(/[,;:]+$/, '')
    .replace(/(?<!\p{Lu})\.$/u, '')
    .split(' ')
    .filter((w) => w.length > 0);
  if (type !== 'PERSON' && words.length > 1 && words[0].toLowerCase() === 'the') words = words.slice(1);
  if (type === 'PERSON') words = stripTitles(words);
  return words.join(' ') || text.trim();
}

function stripTitles(words: string[]): string[] {
  let rest = words;
  for (;;) {
    if (rest.length <= 1) return rest;
    const lower = rest.map((w) => w.toLowerCase());
    const prefix = DEFAULT_GAZETTEER.match(lower)
      .filter((m) => m.start === 0 && (m.category === 'TITLE' || m.category === 'NAT'))
      .reduce((longest, m) => Math.max(longest, m.end), 0);
    if (prefix === 0 || prefix >= rest.length) return rest;
    rest = rest.slice(prefix);
  }
}

/** Whether a surface is an acronym: capitals with optional dots ("EU", "U.S.", "NATO"). */
export function isAcronym(surface: string): boolean {
  return /^\p{Lu}(?:\.?\p{Lu})+\.?$/u.test(surface);
}

const INITIALS_SKIP = new Set(['of', 'the', 'and', 'for', 'on', 'in', 'de', 'du', 'des', 'la', 'le', '&']);

/** The initials a long form abbreviates to: "United Nations" → "UN", "Bank of England" → "BE". */
export function initials(surface: string): string {
  return surface
    .split(/[\s-]+/)
    .filter((w) => w.length > 0 && !INITIALS_SKIP.has(w.toLowerCase()))
    .map((w) => w[0].toUpperCase())
    .join('');
}
