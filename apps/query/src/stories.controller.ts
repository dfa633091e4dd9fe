import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { StoryArticlePage, StoryDetail, StoryPage, StoryTextPage } from '@storyline/contracts';
import { ApiJsonResponse, ApiQueryParams, ConditionalGet, RequireScope, ZodValidationPipe } from '@storyline/http';
import { INVALID_CURSOR, SearchReader, STORY_SORTS, StoryFilter, StoryReader } from '@storyline/pipeline';
import {
  countParam,
  invalidCursor,
  languageParam,
  limitParam,
  notFound,
  queryParams,
  searchText,
  timeParam,
  uuidParam,
} from './query-params';

const StoryListQuery = queryParams({
  limit: limitParam(20, 100),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page, with the same sort'),
  sort: z
    .enum(STORY_SORTS)
    .optional()
    .describe(
      'updated (last updated, the default), firstSeen (first seen) or size (article count), each newest or largest first, ties by id',
    ),
  q: searchText.optional().describe('full-text search, ranked as GET /v1/search?q= ranks (no sort with it)'),
  entity: z
    .string()
    .trim()
    .min(1, 'an entity id or name')
    .max(200)
    .optional()
    .describe('only stories mentioning this entity: its id, or a name it is known by (an alias, any case)'),
  source: z.string().max(200).optional().describe('only stories with an article from this source'),
  language: languageParam.optional().describe('ISO 639-1: only stories with an article detected in this language'),
  firstSeenFrom: timeParam.optional().describe('first seen at or after (ISO 8601 with offset)'),
  firstSeenTo: timeParam.optional().describe('first seen before (ISO 8601 with offset)'),
  updatedFrom: timeParam.optional().describe('last updated at or after (ISO 8601 with offset)'),
  updatedTo: timeParam.optional().describe('last updated before (ISO 8601 with offset)'),
  minArticles: countParam.optional().describe('only stories of at least this many articles'),
  minSources: countParam.optional().describe('only stories from at least this many sources'),
}).superRefine((q, ctx) => {
  if (q.q && q.sort)
    ctx.addIssue({ code: 'custom', path: ['sort'], message: 'search results are ranked: no sort with q' });
});

const StoryArticlesQuery = queryParams({
  limit: limitParam(100, 500),
  cursor: z
    .string()
    .max(200)
    .optional()
    .describe('nextCursor of the previous page, or articlesNextCursor of the story'),
});

const StoryTextsQuery = queryParams({
  limit: limitParam(100, 500),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page, or textsNextCursor of the story'),
});

@ApiTags('stories')
@RequireScope('read')
@Controller('v1/stories')
export class StoriesController {
  constructor(
    private readonly stories: StoryReader,
    private readonly search: SearchReader,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Stories, newest-updated first or in sort order, filtered; with q, ranked as GET /v1/search ranks them (each item then has match); follow nextCursor for the next page',
  })
  @ApiQueryParams(StoryListQuery)
  @ApiJsonResponse(200, StoryPage, 'a page of stories; items have match only with q')
  async list(@Query(new ZodValidationPipe(StoryListQuery, 'query')) q: z.infer<typeof StoryListQuery>) {
    const { limit, cursor, sort = 'updated', q: text, entity, ...filter } = q;
    const entityIds = entity ? await this.stories.entityIds(entity) : undefined;
    const story: StoryFilter = {
      ...filter,
      entityIds,
      // Ranked results start from the matching articles: only the listing starts from an entity's stories.
      entityFew: !text && entityIds ? await this.stories.entitiesInFewStories(entityIds) : undefined,
    };
    const page = text
      ? await this.search.search({ q: text, limit, cursor, story })
      : await this.stories.list({ limit, cursor, sort, filter: story });
    return page === INVALID_CURSOR ? invalidCursor() : page;
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'A story with its first 100 articles (articlesNextCursor continues them), their syndication links and texts (a canonical with its copies), its timeline, top entities, languages and merges',
  })
  @ConditionalGet(StoryDetail, 'the story')
  @ApiResponse({ status: 404, description: 'no such story' })
  async get(@Param('id', uuidParam) id: string) {
    return (await this.stories.get(id)) ?? notFound('Story', id);
  }

  @Get(':id/articles')
  @ApiOperation({ summary: "A page of the story's articles, oldest first; follow nextCursor for the next page" })
  @ApiQueryParams(StoryArticlesQuery)
  @ApiJsonResponse(200, StoryArticlePage, "a page of the story's articles")
  @ApiResponse({ status: 404, description: 'no such story' })
  async articles(
    @Param('id', uuidParam) id: string,
    @Query(new ZodValidationPipe(StoryArticlesQuery, 'query')) q: z.infer<typeof StoryArticlesQuery>,
  ) {
    const page = await this.stories.articles(id, q);
    if (page === INVALID_CURSOR) return invalidCursor();
    return page ?? notFound('Story', id);
  }

  @Get(':id/texts')
  @ApiOperation({
    summary:
      "A page of the story's texts (a canonical article with its copies), by their first article; follow nextCursor for the next page",
  })
  @ApiQueryParams(StoryTextsQuery)
  @ApiJsonResponse(200, StoryTextPage, "a page of the story's texts")
  @ApiResponse({ status: 404, description: 'no such story' })
  async texts(
    @Param('id', uuidParam) id: string,
    @Query(new ZodValidationPipe(StoryTextsQuery, 'query')) q: z.infer<typeof StoryTextsQuery>,
  ) {
    const page = await this.stories.texts(id, q);
    if (page === INVALID_CURSOR) return invalidCursor();
    return page ?? notFound('Story', id);
  }
}
