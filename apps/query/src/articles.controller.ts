import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ArticleDetail, ArticlePage, ArticleStatus } from '@storyline/contracts';
import { ApiJsonResponse, ApiQueryParams, ConditionalGet, RequireScope, ZodValidationPipe } from '@storyline/http';
import { ArticleReader, INVALID_CURSOR } from '@storyline/pipeline';
import { invalidCursor, limitParam, notFound, queryParams, uuidParam } from './query-params';

const ArticleListQuery = queryParams({
  limit: limitParam(50, 500),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
  status: z.enum(ArticleStatus).optional().describe('only articles in this status (failed: what needs a look)'),
  source: z.string().max(200).optional().describe('only articles from this source'),
});

@ApiTags('articles')
@RequireScope('read')
@Controller('v1/articles')
export class ArticlesController {
  constructor(private readonly articles: ArticleReader) {}

  @Get()
  @ApiOperation({ summary: 'Articles, newest first, with their status and error; follow nextCursor for the next page' })
  @ApiQueryParams(ArticleListQuery)
  @ApiJsonResponse(200, ArticlePage, 'a page of articles')
  async list(@Query(new ZodValidationPipe(ArticleListQuery, 'query')) q: z.infer<typeof ArticleListQuery>) {
    const page = await this.articles.list(q);
    return page === INVALID_CURSOR ? invalidCursor() : page;
  }

  @Get(':id')
  @ApiOperation({ summary: 'Raw and normalized text, metadata, story, syndication, entities, per-stage status' })
  @ConditionalGet(ArticleDetail, 'the article')
  @ApiResponse({ status: 404, description: 'no such article' })
  async get(@Param('id', uuidParam) id: string) {
    return (await this.articles.get(id)) ?? notFound('Article', id);
  }
}
