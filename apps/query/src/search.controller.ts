import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { StoryPage } from '@storyline/contracts';
import { ApiJsonResponse, ApiQueryParams, RequireScope, ZodValidationPipe } from '@storyline/http';
import { INVALID_CURSOR, SearchReader } from '@storyline/pipeline';
import { invalidCursor, languageParam, limitParam, queryParams, searchText, timeParam } from './query-params';

const SearchQuery = queryParams({
  q: searchText,
  limit: limitParam(20, 100),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
  from: timeParam.optional().describe('published at or after (ISO 8601 with offset)'),
  to: timeParam.optional().describe('published before (ISO 8601 with offset)'),
  source: z.string().max(200).optional().describe('only articles from this source'),
  language: languageParam
    .optional()
    .describe('ISO 639-1: only articles detected in this language, the query stemmed in it'),
  entity: z.uuid().optional().describe('only stories mentioning this entity id'),
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
  @ApiQueryParams(SearchQuery)
  @ApiJsonResponse(200, StoryPage, 'stories ranked by their best-matching article, each with match')
  async find(@Query(new ZodValidationPipe(SearchQuery, 'query')) q: z.infer<typeof SearchQuery>) {
    const page = await this.search.search({ ...q, entityId: q.entity });
    return page === INVALID_CURSOR ? invalidCursor() : page;
  }
}
