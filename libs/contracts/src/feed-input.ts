import { z } from 'zod';
import { ARTICLE_LIMITS } from './article-input';

/** What a feed's document is; read from the document itself when the feed was added without one. */
export const FEED_KINDS = ['rss', 'atom', 'json', 'sitemap', 'news-sitemap'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

/** Polled feeds are `active`; a `paused` one keeps its state and is not polled until resumed. */
export const FEED_STATUSES = ['active', 'paused'] as const;
export type FeedStatus = (typeof FEED_STATUSES)[number];

/** How often a feed is polled when it does not say: news feeds change within the hour, rarely within minutes. */
export const DEFAULT_POLL_EVERY = '15m';
/** Bounds of pollEvery: a site is not asked for its feed more than once a minute, and at least once a week. */
export const POLL_EVERY_BOUNDS_MS = { min: 60_000, max: 7 * 86_400_000 } as const;

const DURATION = /^(\d{1,6})(s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration such as 90s, 15m, 2h or 1d, in milliseconds; null when it is not one. */
export function pollEveryMs(text: string): number | null {
  const match = DURATION.exec(text);
  return match ? Number(match[1]) * UNIT_MS[match[2]] : null;
}

/** A feed as an operator adds it (`POST /v1/feeds`). */
export const FeedInput = z
  .object({
    url: z.url({ protocol: /^https?$/ }).max(ARTICLE_LIMITS.url),
    kind: z.enum(FEED_KINDS).optional(),
    pollEvery: z
      .string()
      .default(DEFAULT_POLL_EVERY)
      .refine((text) => {
        const ms = pollEveryMs(text);
        return ms !== null && ms >= POLL_EVERY_BOUNDS_MS.min && ms <= POLL_EVERY_BOUNDS_MS.max;
      }, 'a duration from 1m to 7d, such as 90s, 15m or 2h'),
    /** The source name its articles carry (as `source` in POST /v1/articles). */
    source: z.string().min(1).max(ARTICLE_LIMITS.source).optional(),
  })
  .strict();
export type FeedInput = z.infer<typeof FeedInput>;
