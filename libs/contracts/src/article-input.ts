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
 * One article as crawlers, feed readers and editors send it. Only text is required: a body, an HTML page,
 * or — for headline feeds — a title alone.
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
      .nullish(),
    language: z
      .string()
      .regex(/^[a-z]{2}$/, 'an ISO 639-1 code such as "en"')
      .nullish(),
  })
  .strict()
  .refine((a) => Boolean(a.body?.trim() || a.html?.trim() || a.title?.trim()), {
    message: 'an article needs a non-empty body, html or title',
    path: ['body'],
  });
export type ArticleInput = z.infer<typeof ArticleInput>;

export const ArticleBatchInput = z.object({ articles: z.array(z.unknown()).min(1).max(ARTICLE_LIMITS.batch) }).strict();
export type ArticleBatchInput = z.infer<typeof ArticleBatchInput>;
