import { z } from 'zod';
import { ArticleStatus } from '../article-status';
import { FetchOutcome } from '../fetch-outcome';
import { page, Timestamp } from './page';

export const ArticleSummary = z
  .object({
    id: z.uuid(),
    externalId: z.string().nullable(),
    source: z.string().nullable(),
    title: z.string().nullable().describe('the normalized title, else the submitted one'),
    status: z.enum(ArticleStatus),
    failedStage: z.string().nullable(),
    error: z.string().nullable(),
    storyId: z.uuid().nullable(),
    receivedAt: Timestamp,
  })
  .meta({ id: 'ArticleSummary', description: 'an article as GET /v1/articles lists it' });

export const ArticlePage = page(ArticleSummary, 'ArticlePage', 'articles, newest first');

const SyndicationLink = z.object({
  kind: z.string(),
  jaccard: z.number(),
  containment: z.number(),
});

/** A value and where normalization found it. */
const sourced = z.object({ value: z.string(), source: z.string() }).nullable();

export const ArticleDetail = z
  .object({
    id: z.uuid(),
    externalId: z.string().nullable(),
    source: z.string().nullable(),
    url: z.string().nullable(),
    status: z.enum(ArticleStatus),
    error: z.string().nullable(),
    failedStage: z.string().nullable(),
    revision: z.number().int().describe('moves on each time the article is run through the stages again'),
    storyId: z.uuid().nullable(),
    canonicalId: z.uuid().nullable().describe('set when this article is a syndicated copy of another'),
    syndication: SyndicationLink.extend({ canonicalId: z.uuid() }).nullable(),
    copies: z.array(SyndicationLink.extend({ id: z.uuid() })),
    stages: z.object({
      receivedAt: Timestamp,
      normalizedAt: Timestamp.nullable(),
      clusteredAt: Timestamp.nullable(),
      entitiesAt: Timestamp.nullable(),
      doneAt: Timestamp.nullable(),
      failedAt: Timestamp.nullable(),
    }),
    raw: z
      .object({
        contentType: z.string(),
        title: z.string().nullable(),
        text: z.string().nullable(),
        html: z.string().nullable(),
        publishedAt: z.string().nullable().describe('as submitted'),
        language: z.string().nullable().describe('as submitted'),
      })
      .describe('what was submitted'),
    normalized: z
      .object({
        title: z.string().nullable(),
        text: z.string().nullable(),
        sections: z
          .array(z.object({ heading: z.string().nullable(), lead: z.boolean(), paragraphs: z.array(z.string()) }))
          .nullable(),
        wordCount: z.number().int().nullable(),
        language: z.string().nullable().describe('ISO 639-1, as detected'),
        languageConfidence: z.number().nullable(),
        contentHash: z.string().nullable(),
        publishedAt: Timestamp.nullable(),
        metadata: z
          .looseObject({
            dateline: z.object({ place: z.string(), date: z.string().nullable(), raw: z.string() }).nullable(),
            agencies: z.array(z.string()),
            publishedAt: sourced,
            author: sourced,
            canonicalUrl: sourced,
            siteName: sourced,
            description: sourced,
          })
          .nullable(),
        report: z
          .looseObject({
            rules: z.array(z.object({ name: z.string(), count: z.number().int() })),
            removed: z.array(z.object({ rule: z.string(), text: z.string() })),
          })
          .nullable()
          .describe('what normalization changed and every line it removed, with the rule that removed it'),
        normalizerVersion: z.string().nullable(),
      })
      .nullable()
      .describe('null until normalized'),
    fetch: z
      .object({
        requestedUrl: z.string().describe('as given'),
        finalUrl: z.string().nullable().describe('the URL that answered, after redirects'),
        canonicalUrl: z.string().nullable().describe("the page's own canonical URL, once fetched"),
        outcome: z.enum(FetchOutcome),
        httpStatus: z.number().int().nullable(),
        reason: z.string().nullable().describe('why no article came of it (robots, a wall, a 404, …), or why it waits'),
        attempts: z.number().int(),
        requestedAt: Timestamp,
        fetchedAt: Timestamp.nullable(),
      })
      .nullable()
      .describe('for an article that came as a URL alone: its page, where fetching it led and what came of it'),
    storyDecision: z
      .looseObject({
        articleId: z.uuid(),
        storyId: z.uuid(),
        action: z.enum(['founded', 'joined', 'copy']),
        reason: z.string(),
      })
      .nullable()
      .describe('why the article is in its story: candidates and their scores, neighbourhood, moves, merges, time'),
    entities: z.array(
      z.object({
        start: z.number().int(),
        end: z.number().int(),
        text: z.string(),
        type: z.string(),
        sentence: z.number().int(),
        entityId: z.uuid(),
        canonical: z.string(),
      }),
    ),
  })
  .meta({ id: 'ArticleDetail', description: 'an article with everything each stage recorded about it' });
