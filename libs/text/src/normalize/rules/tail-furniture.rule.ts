import { countWords, endsSentence, isTitleCase } from '../shape';

// Promo lines that no single pattern describes ("We've Already Come Too Far To End This Now.") cluster at the end of
// a page together with recognisable furniture (newsletter prompts, share lines). Position and shape decide: after the
// last paragraph that reads like prose, if that trailing zone already holds removed furniture, its Title-Case lines
// are furniture too. Nothing before the last prose paragraph is ever touched.

export const TAIL_FURNITURE_RULE = 'tail-furniture';

function isProse(paragraph: string): boolean {
  return !isTitleCase(paragraph) && (countWords(paragraph, 15) >= 15 || endsSentence(paragraph));
}

/** Page footers are a handful of lines; a longer non-prose run is not a footer and is left alone. */
const MAX_ZONE = 30;

/** Indices (among paragraphs not yet removed) of trailing Title-Case promo lines. */
export function findTailFurniture(paragraphs: string[], removed: boolean[]): number[] {
  const floor = Math.max(0, paragraphs.length - MAX_ZONE);
  let zoneStart = paragraphs.length;
  while (zoneStart > floor && (removed[zoneStart - 1] || !isProse(paragraphs[zoneStart - 1]))) zoneStart--;
  if (zoneStart === floor && floor > 0) return [];
  const zone: number[] = [];
  for (let i = zoneStart; i < paragraphs.length; i++) zone.push(i);
  if (!zone.some((i) => removed[i])) return [];
  return zone.filter((i) => !removed[i] && countWords(paragraphs[i], 15) <= 15 && isTitleCase(paragraphs[i]));
}
