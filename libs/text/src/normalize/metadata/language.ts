import type { LanguageGuess } from '../types';
import { loadEld, type EldDetector } from './eld-loader';

// Language: a language given by the crawler or the page wins; otherwise eld guesses from the text. eld only reads
// the first 1,000 characters, so cost per article is constant.

let detector: EldDetector | null = null;

/** Loaded on first use and kept: loading the n-gram tables costs ~0.4 s, detection then ~0.1 ms. */
function eld(): EldDetector {
  detector ??= loadEld();
  return detector;
}

const LANGUAGE_TAG = /^([a-z]{2})(?:[-_][a-z0-9]{2,8})*$/i;

/** "en-GB" → "en"; anything that is not a BCP 47-ish tag with an ISO 639-1 primary subtag → null. */
export function toIso6391(tag: string | null | undefined): string | null {
  const m = LANGUAGE_TAG.exec((tag ?? '').trim());
  return m ? m[1].toLowerCase() : null;
}

export function detectLanguage(text: string): LanguageGuess {
  if (!/\p{L}/u.test(text)) return { code: null, confidence: 0, source: 'detected' };
  const result = eld().detect(text);
  if (!result.language || !result.isReliable()) return { code: null, confidence: 0, source: 'detected' };
  const score = result.getScores()[result.language] ?? 0;
  return { code: result.language, confidence: Math.round(score * 1000) / 1000, source: 'detected' };
}
