import { Provenance } from '@storyline/text';

/** How a publication time was come by: declared by the submitter or the page, or read from the article's prose. */
export type PublicationBasis = 'declared' | 'text';

/** What is known of when an article appeared. */
export interface ArticleTimes {
  /**
   * Publication time, when one is known. `declared`: given by the submitter or the page's metadata. `text`:
   * read from the article's prose (a dateline, a "Published …" stamp), often to the day only, its year sometimes
   * inferred.
   */
  published: { at: Date; from: PublicationBasis } | null;
  receivedAt: Date;
}

/**
 * How a publication time of the given provenance (the normalizer's) was come by, or null when there is none:
 * the normalizer falls back to the receive time.
 */
export function publicationBasis(source: Provenance): PublicationBasis | null {
  switch (source) {
    case 'input':
    case 'html-meta':
    case 'json-ld':
      return 'declared';
    case 'dateline':
    case 'text':
      return 'text';
    default:
      return null;
  }
}

/** Where an article's stated time came from: a publication time declared or read from the text, or its receipt. */
export type DateBasis = PublicationBasis | 'received';

/**
 * Where a normalized article's publication time came from, by its provenance: without a declared or written date
 * the normalizer fell back to the receive time, which is said so instead of passed off as a publication time.
 */
export function dateBasis(source: Provenance | null | undefined): DateBasis {
  return (source && publicationBasis(source)) ?? 'received';
}

/**
 * An article's times from the normalizer's publication time (its provenance says how it was come by; `received`
 * is the normalizer's fallback, not a publication time) and the receive time.
 */
export function articleTimes(published: { at: Date; source: Provenance } | null, receivedAt: Date): ArticleTimes {
  const from = published ? publicationBasis(published.source) : null;
  return { published: published && from ? { at: published.at, from } : null, receivedAt };
}

/** The time an article is grouped at, and which of its times that is. */
export interface ClusteringTime {
  at: Date;
  basis: 'published' | 'received';
  /** Why a publication time was not used, when there was one. */
  note?: string;
}

/** A date read from the text may lie this much after receipt: a day-precision date in a timezone ahead of UTC. */
const TEXT_DATE_LEAD_MS = 24 * 60 * 60 * 1000;

/**
 * The time an article is compared with stories at: its publication time when known, its receive time otherwise —
 * except that a date read from the text counts only when it agrees with when the article arrived (at most
 * `windowMs`, the story window, before receipt). Dates in prose are sporadic: in a backfill of an archive some
 * articles carry a dateline from years ago and their siblings carry none, and those only have the day they were
 * received. Grouping the first at their datelines and the rest at receipt would put one event's reports years
 * apart, in separate stories. A date the submitter or the page declares is trusted as given: a source declares
 * dates for all its articles or none.
 */
export function clusteringTime(times: ArticleTimes, windowMs: number): ClusteringTime {
  const { published, receivedAt } = times;
  if (!published) return { at: receivedAt, basis: 'received' };
  if (published.from === 'declared') return { at: published.at, basis: 'published' };
  const lead = published.at.getTime() - receivedAt.getTime();
  if (lead > TEXT_DATE_LEAD_MS) {
    return { at: receivedAt, basis: 'received', note: 'the date in the text is later than its receipt' };
  }
  if (-lead > windowMs) {
    return { at: receivedAt, basis: 'received', note: 'the date in the text is older than the story window' };
  }
  return { at: published.at, basis: 'published' };
}
