import { z } from 'zod';
import { ArticleStatus } from '../article-status';
import { page, Timestamp } from './page';

export const StoryEntity = z
  .object({
    id: z.uuid(),
    name: z.string(),
    type: z.enum(['PERSON', 'ORGANIZATION', 'LOCATION']),
    salience: z.number().describe('log-damped mentions plus the shares of articles naming it in title, lead, at all'),
    mentions: z.number().int(),
    articles: z.number().int().describe('articles of the story that mention it'),
    inTitle: z.boolean(),
  })
  .meta({ id: 'StoryEntity', description: 'an entity of a story, ranked by salience' });

const storyFields = {
  id: z.uuid(),
  title: z.string().nullable(),
  version: z.number().int().describe('moves on with every change subscribers are told of'),
  articleCount: z.number().int(),
  firstSeenAt: Timestamp,
  lastSeenAt: Timestamp,
  updatedAt: Timestamp,
  sources: z.array(z.string()),
};

/** What names an article wherever a story lists it. */
const articleHeading = {
  id: z.uuid(),
  title: z.string().nullable(),
  source: z.string().nullable(),
  url: z.string().nullable(),
  publishedAt: Timestamp.nullable(),
  publishedFrom: z
    .enum(['declared', 'text', 'received'])
    .describe(
      'where publishedAt came from: declared (by the submitter or the page), text (read from the article, often to the day), received (no publication date known: the receive time)',
    ),
};

export const SearchMatchCopy = z
  .object({ id: z.uuid(), source: z.string().nullable(), url: z.string().nullable() })
  .meta({ id: 'SearchMatchCopy', description: 'another article of the matching text: its canonical or a copy' });

export const SearchMatch = z
  .object({
    rank: z.number().describe("ts_rank_cd of the story's best-matching article"),
    matchingTexts: z.number().int().describe('matching articles in the story, syndicated copies counted once'),
    article: z
      .object({
        ...articleHeading,
        language: z.string().nullable().describe('ISO 639-1, as detected'),
        snippet: z
          .string()
          .describe(
            'up to two fragments of the body (the title when it has none), HTML-escaped, matches in <mark>…</mark>',
          ),
        copies: z.array(SearchMatchCopy),
      })
      .describe('the best-matching article; of syndicated copies of one text, one stands for all'),
  })
  .meta({ id: 'SearchMatch', description: 'why a story is a search result' });

export const StorySummary = z
  .object({
    ...storyFields,
    entities: z.array(StoryEntity).describe('the top 5'),
    match: SearchMatch.optional().describe('only in search results (GET /v1/search, GET /v1/stories?q=)'),
  })
  .meta({ id: 'StorySummary', description: 'a story as lists show it' });

export const StoryPage = page(
  StorySummary,
  'StoryPage',
  'stories in the order asked for (newest-updated first unless sorted), or ranked when searched',
);

export const StoryArticle = z
  .object({
    ...articleHeading,
    status: z.enum(ArticleStatus),
    wordCount: z.number().int().nullable(),
    canonicalId: z.uuid().nullable().describe('set when this article is a syndicated copy of another'),
    syndication: z
      .object({
        kind: z.string(),
        canonicalId: z.uuid(),
        jaccard: z.number(),
        containment: z.number(),
      })
      .nullable()
      .describe('how this copy was recognised; null for an original'),
    copies: z.array(z.uuid()).describe('ids of its copies in the story'),
  })
  .meta({ id: 'StoryArticle', description: "one of a story's articles, with its syndication link" });

export const StoryArticlePage = page(StoryArticle, 'StoryArticlePage', "a story's articles, oldest first");

const TextArticle = z
  .object({
    ...articleHeading,
    syndication: z.enum(['exact', 'near']).nullable().describe('how a copy was recognised; null for the canonical'),
  })
  .meta({ id: 'StoryTextArticle', description: 'an article of a text group' });

export const StoryText = z
  .object({
    canonical: TextArticle.nullable().describe('the original; null when it is in another story'),
    copies: z.array(TextArticle).describe('its syndicated copies in this story, oldest first'),
  })
  .meta({ id: 'StoryText', description: 'one text of a story: a canonical article and its copies' });

export const StoryTextPage = page(
  StoryText,
  'StoryTextPage',
  "a story's texts in the order of their first article, ties by the canonical article's id",
);

export const StoryTimelineHour = z
  .object({
    hour: Timestamp.describe('the hour (UTC) the articles are dated in: published, or received when undated'),
    articles: z.number().int(),
    sourcesJoining: z.array(z.string()).describe('sources whose first article in the story is in this hour'),
  })
  .meta({ id: 'StoryTimelineHour', description: 'the articles and sources that joined a story in one hour' });

export const StoryDetail = z
  .object({
    ...storyFields,
    mergedIntoId: z.uuid().nullable().describe('set when this story was merged into another'),
    entities: z.array(StoryEntity).describe('the top 25'),
    articles: z.array(StoryArticle).describe('the first 100, oldest first'),
    articlesNextCursor: z.string().nullable().describe('cursor of GET /v1/stories/{id}/articles for the rest'),
    merges: z.array(z.object({ mergedStoryId: z.uuid(), articleId: z.uuid().nullable(), at: Timestamp })),
    texts: z
      .array(StoryText)
      .describe('the articles grouped by syndication, the first 100 texts by their first article'),
    textsNextCursor: z.string().nullable().describe('cursor of GET /v1/stories/{id}/texts for the rest'),
    textCount: z.number().int().describe('distinct texts in the story: its articles, syndicated copies counted once'),
    timeline: z.array(StoryTimelineHour).describe('hours in which articles joined, oldest first'),
    languages: z
      .array(z.object({ language: z.string(), articles: z.number().int() }))
      .describe('detected languages (ISO 639-1) of its articles, the most used first'),
  })
  .meta({
    id: 'StoryDetail',
    description: 'a story with its first articles, their texts and timeline, top entities, languages and merges',
  });
