import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ArticleStatus } from '@storyline/contracts';
import { RequireScope, ZodValidationPipe } from '@storyline/http';
import { ArticleReader, INVALID_CURSOR } from '@storyline/pipeline';
import { invalidCursor, limitParam, notFound, queryParams, uuidParam } from './query-params';

const ArticleListQuery = queryParams({
  limit: limitParam(50, 500),
  cursor: z.string().max(200).optional(),
  status: z.enum(ArticleStatus).optional(),
  source: z.string().max(200).optional(),
});

@ApiTags('articles')
@RequireScope('read')
@Controller('v1/articles')
export class ArticlesController {
  constructor(private readonly articles: ArticleReader) {}

  @Get()
  @ApiOperation({ summary: 'Articles, newest first, with their status and error; follow nextCursor for the next page' })
  @ApiQuery({ name: 'status', required: false, enum: Object.values(ArticleStatus) })
  @ApiQuery({ name: 'source', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  async list(@Query(new ZodValidationPipe(ArticleListQuery, 'query')) q: z.infer<typeof ArticleListQuery>) {
    const page = await this.articles.list(q);
    return page === INVALID_CURSOR ? invalidCursor() : page;
  }

  @Get(':id')
  @ApiOperation({ summary: 'Raw and normalized text, metadata, story, syndication, entities, per-stage status' })
  async get(@Param('id', uuidParam) id: string) {
    return (await this.articles.get(id)) ?? notFound('Article', id);
  }
}
