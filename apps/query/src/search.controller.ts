import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { RequireScope, ZodValidationPipe } from '@storyline/http';
import { INVALID_CURSOR, SearchReader } from '@storyline/pipeline';
import { invalidCursor, limitParam, queryParams, searchText } from './query-params';

const SearchQuery = queryParams({
  q: searchText,
  limit: limitParam(20, 100),
  cursor: z.string().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  source: z.string().max(200).optional(),
  language: z
    .string()
    .regex(/^[a-zA-Z]{2}$/, 'an ISO 639-1 code')
    .transform((l) => l.toLowerCase())
    .optional(),
  entity: z.uuid().optional(),
});

const story = {
  id: { type: 'string', format: 'uuid' },
  title: { type: 'string' },
  version: { type: 'integer' },
  articleCount: { type: 'integer' },
  firstSeenAt: { type: 'string', format: 'date-time' },
  lastSeenAt: { type: 'string', format: 'date-time' },
  updatedAt: { type: 'string', format: 'date-time' },
  sources: { type: 'array', items: { type: 'string' } },
  entities: { type: 'array', items: { type: 'object' }, description: 'the top 5, as in GET /v1/stories' },
};

/** The shape of a ranked page, for the OpenAPI documents of /v1/search and /v1/stories?q=. */
export const SEARCH_RESULTS_SCHEMA = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          ...story,
          match: {
            type: 'object',
            properties: {
              rank: { type: 'number', description: "ts_rank_cd of the story's best-matching article" },
              matchingTexts: { type: 'integer', description: 'matching articles in the story, copies counted once' },
              article: {
                type: 'object',
                description: 'the best-matching article; of syndicated copies of one text, one stands for all',
                properties: {
                  id: { type: 'string', format: 'uuid' },
                  title: { type: 'string' },
                  source: { type: 'string', nullable: true },
                  url: { type: 'string', nullable: true },
                  publishedAt: { type: 'string', format: 'date-time' },
                  language: { type: 'string', nullable: true, description: 'ISO 639-1, as detected' },
                  snippet: {
                    type: 'string',
                    description:
                      'up to two fragments of the body (the title when it has none), HTML-escaped, matches in <mark>…</mark>',
                  },
                  copies: {
                    type: 'array',
                    description: "the text's other articles: its canonical and copies",
                    items: {
                      type: 'object',
                      properties: {
                        id: { type: 'string', format: 'uuid' },
                        source: { type: 'string', nullable: true },
                        url: { type: 'string', nullable: true },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    nextCursor: { type: 'string', nullable: true },
  },
};

@ApiTags('search')
@RequireScope('read')
@Controller('v1/search')
export class SearchController {
  constructor(private readonly search: SearchReader) {}

  @Get()
  @ApiOperation({
    summary:
      'Full-text search: stories ranked by their best-matching article, with a snippet, its copies collapsed; follow nextCursor for the next page',
  })
  @ApiQuery({
    name: 'q',
    required: true,
    description: 'words, "a phrase", or, -word (websearch_to_tsquery), stemmed in each article\'s own language',
  })
  @ApiQuery({ name: 'from', required: false, description: 'published at or after (ISO 8601 with offset)' })
  @ApiQuery({ name: 'to', required: false, description: 'published before (ISO 8601 with offset)' })
  @ApiQuery({ name: 'source', required: false, description: 'only articles from this source' })
  @ApiQuery({
    name: 'language',
    required: false,
    description: 'ISO 639-1: only articles detected in this language, the query stemmed in it',
  })
  @ApiQuery({ name: 'entity', required: false, description: 'only stories mentioning this entity id' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiOkResponse({ schema: SEARCH_RESULTS_SCHEMA })
  async find(@Query(new ZodValidationPipe(SearchQuery, 'query')) q: z.infer<typeof SearchQuery>) {
    const page = await this.search.search({ ...q, entityId: q.entity });
    return page === INVALID_CURSOR ? invalidCursor() : page;
  }
}
