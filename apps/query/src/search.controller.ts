import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { StoryPage } from '@storyline/contracts';
import { ApiJsonResponse, RequireScope, ZodValidationPipe } from '@storyline/http';
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
  @ApiJsonResponse(200, StoryPage, 'stories ranked by their best-matching article, each with match')
  async find(@Query(new ZodValidationPipe(SearchQuery, 'query')) q: z.infer<typeof SearchQuery>) {
    const page = await this.search.search({ ...q, entityId: q.entity });
    return page === INVALID_CURSOR ? invalidCursor() : page;
  }
}
