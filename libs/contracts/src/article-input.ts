import { z } from 'zod';

/** Upper bounds that keep one request from exhausting a worker; generous for real news pages. */
export const ARTICLE_LIMITS = {
  body: 2_000_000,
  html: 5_000_000,
  title: 1_000,
  externalId: 512,
  source: 200,
  url: 4_096,
  batch: 1_000,
} as const;

const optionalText = (max: number) => z.string().max(max).nullish();

/**
 * A declared time is trusted as the article's time (see clusteringTime): a placeholder such as 0001-01-01 or
 * 9999-12-31 would make a story span millennia, so one outside these years is refused rather than believed.
 * Fixed years, not "until next week": whether a request is valid must not depend on the day it is replayed.
 */
export const PUBLICATION_YEARS = { from: 1800, to: 2199 } as const;

function plausiblePublication(value: string): boolean {
  const year = new Date(Date.parse(value)).getUTCFullYear();
  return year >= PUBLICATION_YEARS.from && year <= PUBLICATION_YEARS.to;
}

/**
 * Text a reader would see: not only whitespace, control characters or format characters (zero-width ones, bidi
 * marks, soft hyphen, BOM) — all of which normalization removes, leaving nothing to process.
 */
const VISIBLE = /[^\s\p{Cc}\p{Cf}]/u;

/**
 * One article as crawlers, feed readers and editors send it. Only text is required: a body, an HTML page,
 * or — for headline feeds — a title alone; or no text at all but a `url`, whose page Storyline then fetches.
 */
export const ArticleInput = z
  .object({
    externalId: optionalText(ARTICLE_LIMITS.externalId),
    url: z
      .url({ protocol: /^https?$/ })
      .max(ARTICLE_LIMITS.url)
      .nullish(),
    source: optionalText(ARTICLE_LIMITS.source),
    title: optionalText(ARTICLE_LIMITS.title),
    body: optionalText(ARTICLE_LIMITS.body),
    html: optionalText(ARTICLE_LIMITS.html),
    publishedAt: z
      .union([z.iso.datetime({ offset: true }), z.iso.date()], {
        error:
          'an ISO 8601 date-time with an offset (2031-03-03T10:00:00Z, 2031-03-03T12:00:00+02:00) or a date (2031-03-03)',
      })
      .refine(plausiblePublication, {
        error: `a publication time in the years ${PUBLICATION_YEARS.from} to ${PUBLICATION_YEARS.to}`,
      })
      .nullish(),
    language: z
      .string()
      .regex(/^[a-z]{2}$/, 'an ISO 639-1 code such as "en"')
      .nullish(),
  })
  .strict()
  .refine((a) => isUrlOnly(a) || [a.body, a.html, a.title].some((text) => text != null && VISIBLE.test(text)), {
    message: 'an article needs a non-empty body, html or title, or a url alone (to be fetched)',
    path: ['body'],
  });
export type ArticleInput = z.infer<typeof ArticleInput>;

/**
 * An article that is a URL to fetch: a url and no text at all. A title with a url stays a headline-only article,
 * as headline feeds have always sent it.
 */
export function isUrlOnly(a: { url?: unknown; title?: unknown; body?: unknown; html?: unknown }): boolean {
  return a.url != null && a.title == null && a.body == null && a.html == null;
}

export const ArticleBatchInput = z.object({ articles: z.array(z.unknown()).min(1).max(ARTICLE_LIMITS.batch) }).strict();
export type ArticleBatchInput = z.infer<typeof ArticleBatchInput>;
