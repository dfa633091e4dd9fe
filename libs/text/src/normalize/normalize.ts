import { normalizeText } from './normalize-article';
import type { NormalizedArticle, RawArticle } from './types';

/**
 * Normalizes one article as a crawler sent it. Pure and deterministic; never throws on any string input (fields of
 * the wrong type are treated as absent).
 */
export function normalizeArticle(raw: RawArticle): NormalizedArticle {
  const body = typeof raw.body === 'string' ? raw.body : '';
  return normalizeText(raw, body, null);
}
