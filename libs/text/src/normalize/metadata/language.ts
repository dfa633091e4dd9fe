import type { LanguageGuess } from '../types';
import { loadEldTables } from './eld-loader';
import { EldScorer } from './eld-scorer';

// Language: a language given by the crawler or the page wins; otherwise eld's algorithm guesses from the text. eld
// only reads the first 1,000 characters, so cost per article is constant.
// When eld is not reliable the code stays null: there is no second detector. What eld is unsure of — one-word or
// name-only texts ("Tesla SpaceX", "Kyiv Kharkiv Odesa"), snippets mixing two languages — franc, the usual
// fallback, gets wrong as well (no answer, or a wrong language), and a wrong code is worse than none.

let scorer: EldScorer | null = null;

/** Loaded on first use and kept: loading the n-gram tables costs ~0.3 s, detection then ~25 µs. */
function eld(): EldScorer {
  scorer ??= new EldScorer(loadEldTables());
  return scorer;
}

const LANGUAGE_TAG = /^([a-z]{2})(?:[-_][a-z0-9]{2,8})*$/i;

/** "en-GB" → "en"; anything that is not a BCP 47-ish tag with an ISO 639-1 primary subtag → null. */
export function toIso6391(tag: string | null | undefined): string | null {
  const m = LANGUAGE_TAG.exec((tag ?? '').trim());
  return m ? m[1].toLowerCase() : null;
}

export function detectLanguage(text: string): LanguageGuess {
  if (!/\p{L}/u.test(text)) return { code: null, confidence: 0, source: 'detected' };
  const guess = eld().detect(text);
  if (!guess.language || !guess.reliable) return { code: null, confidence: 0, source: 'detected' };
  return { code: guess.language, confidence: Math.round(guess.score * 1000) / 1000, source: 'detected' };
}
