import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { StoryArticlePage, StoryDetail, StoryPage } from '@storyline/contracts';
import { ApiJsonResponse, ApiQueryParams, ConditionalGet, RequireScope, ZodValidationPipe } from '@storyline/http';
import { INVALID_CURSOR, SearchReader, StoryReader } from '@storyline/pipeline';
import { invalidCursor, limitParam, notFound, queryParams, searchText, uuidParam } from './query-params';

const StoryListQuery = queryParams({
  limit: limitParam(20, 100),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
  entity: z.uuid().optional().describe('only stories mentioning this entity id'),
  q: searchText.optional().describe('full-text search, ranked as GET /v1/search?q= ranks'),
});

const StoryArticlesQuery = queryParams({
  limit: limitParam(100, 500),
  cursor: z
    .string()
    .max(200)
    .optional()
    .describe('nextCursor of the previous page, or articlesNextCursor of the story'),
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
      'Stories, newest-updated first; with q, ranked as GET /v1/search ranks them (each item then has match); follow nextCursor for the next page',
  })
  @ApiQueryParams(StoryListQuery)
  @ApiJsonResponse(200, StoryPage, 'a page of stories; items have match only with q')
  async list(@Query(new ZodValidationPipe(StoryListQuery, 'query')) q: z.infer<typeof StoryListQuery>) {
    const page = q.q
      ? await this.search.search({ q: q.q, limit: q.limit, cursor: q.cursor, entityId: q.entity })
      : await this.stories.list({ limit: q.limit, cursor: q.cursor, entityId: q.entity });
    return page === INVALID_CURSOR ? invalidCursor() : page;
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'A story with its first 100 articles (articlesNextCursor continues them), their syndication links, top entities and merges',
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
}
