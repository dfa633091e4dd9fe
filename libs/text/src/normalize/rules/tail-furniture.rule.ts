import { countWords, endsSentence, isTitleCase } from '../shape';

// Promo lines that no single pattern describes ("We've Already Come Too Far To End This Now.") cluster at the end of
// a page together with recognisable furniture (newsletter prompts, share lines). Position and shape decide: after the
// last paragraph that reads like prose, if that trailing zone already holds removed furniture, its Title-Case lines
// are furniture too. Nothing before the last prose paragraph is ever touched.

export const TAIL_FURNITURE_RULE = 'tail-furniture';

function isProse(paragraph: string): boolean {
  return !isTitleCase(paragraph) && (countWords(paragraph) >= 15 || endsSentence(paragraph));
}

/** Indices (among paragraphs not yet removed) of trailing Title-Case promo lines. */
export function findTailFurniture(paragraphs: string[], removed: boolean[]): number[] {
  let zoneStart = paragraphs.length;
  while (zoneStart > 0 && (removed[zoneStart - 1] || !isProse(paragraphs[zoneStart - 1]))) zoneStart--;
  const zone = paragraphs.map((_, i) => i).filter((i) => i >= zoneStart);
  if (!zone.some((i) => removed[i])) return [];
  return zone.filter((i) => !removed[i] && countWords(paragraphs[i]) <= 15 && isTitleCase(paragraphs[i]));
}
