import { contentTerms } from './article-features';
import { StoryProfile } from './story-profile';

/** A headline a story could be titled by. */
export interface HeadlineCandidate {
  title: string;
  /**
   * Whether it is a headline its article was given (by the submitter or the page), rather than one the normalizer
   * made from the text (a headline-shaped first paragraph, or the first sentence cut short).
   */
  declared: boolean;
}

/** A centroid's weights scaled to unit length, so that the content and headline centroids count alike. */
function unit(pairs: Array<[string, number]>): Map<string, number> {
  const norm = Math.sqrt(pairs.reduce((sum, [, w]) => sum + w * w, 0));
  return new Map(norm > 0 ? pairs.map(([k, w]) => [k, w / norm]) : []);
}

/**
 * How central a headline is to a story: the weight its distinct content terms carry in the story's content and
 * headline centroids (each scaled to unit length), over the square root of their number, so that a long headline
 * does not win by its length alone. 0 for a headline without content terms.
 */
export function headlineCentrality(title: string, profile: Pick<StoryProfile, 'terms' | 'titleTerms'>): number {
  const terms = new Set(contentTerms(title));
  if (!terms.size) return 0;
  const content = unit(profile.terms);
  const headlines = unit(profile.titleTerms);
  let sum = 0;
  for (const t of terms) sum += (content.get(t) ?? 0) + (headlines.get(t) ?? 0);
  return sum / Math.sqrt(terms.size);
}

/**
 * A story's title: the most central of its declared headlines, or, when it has none, the most central of the
 * others. Ties keep the earlier candidate (pass the current title first, so that a title changes only for a
 * headline that is more central than it). Null without candidates.
 */
export function chooseStoryTitle(
  candidates: HeadlineCandidate[],
  profile: Pick<StoryProfile, 'terms' | 'titleTerms'>,
): HeadlineCandidate | null {
  let best: { candidate: HeadlineCandidate; score: number } | null = null;
  for (const candidate of candidates) {
    if (!candidate.title.trim()) continue;
    const score = headlineCentrality(candidate.title, profile);
    if (
      !best ||
      (candidate.declared && !best.candidate.declared) ||
      (candidate.declared === best.candidate.declared && score > best.score)
    ) {
      best = { candidate, score };
    }
  }
  return best?.candidate ?? null;
}
