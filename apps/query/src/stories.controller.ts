import { Controller, Get, HttpStatus, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ProblemException, ZodValidationPipe } from '@storyline/http';
import { StoryReader } from '@storyline/pipeline';
import { limitParam, notFound, uuidParam } from './query-params';

const StoryListQuery = z.object({
  limit: limitParam(20, 100),
  cursor: z.string().max(200).optional(),
  entity: z.uuid().optional(),
});

@ApiTags('stories')
@Controller('v1/stories')
export class StoriesController {
  constructor(private readonly stories: StoryReader) {}

  @Get()
  @ApiOperation({ summary: 'Stories, newest-updated first; follow nextCursor for the next page' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'entity', required: false, description: 'only stories mentioning this entity id' })
  async list(@Query(new ZodValidationPipe(StoryListQuery, 'query')) q: z.infer<typeof StoryListQuery>) {
    const page = await this.stories.list({ limit: q.limit, cursor: q.cursor, entityId: q.entity });
    if (!page)
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'invalid-cursor',
        'Invalid cursor',
        'use nextCursor as returned',
      );
    return page;
  }

  @Get(':id')
  @ApiOperation({ summary: 'A story with its articles, their syndication links, and its top entities' })
  async get(@Param('id', uuidParam) id: string) {
    return (await this.stories.get(id)) ?? notFound('Story', id);
  }
}
