import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { EntityDetail, EntityMatchList } from '@storyline/contracts';
import { ApiJsonResponse, ApiQueryParams, ConditionalGet, RequireScope, ZodValidationPipe } from '@storyline/http';
import { EntityReader } from '@storyline/pipeline';
import { limitParam, notFound, queryParams, uuidParam } from './query-params';

const EntitySearch = queryParams({
  q: z.string().trim().min(1).max(200).describe('a name or alias, spelled any way'),
  type: z.enum(['PERSON', 'ORGANIZATION', 'LOCATION']).optional(),
  limit: limitParam(10, 50),
});

@ApiTags('entities')
@RequireScope('read')
@Controller('v1/entities')
export class EntitiesController {
  constructor(private readonly entities: EntityReader) {}

  @Get()
  @ApiOperation({ summary: 'Find entities by any alias, fuzzily (Kiev finds Kyiv)' })
  @ApiQueryParams(EntitySearch)
  @ApiJsonResponse(200, EntityMatchList, 'entities, best match first')
  async search(@Query(new ZodValidationPipe(EntitySearch, 'query')) q: z.infer<typeof EntitySearch>) {
    return { items: await this.entities.search(q.q, q.limit, q.type) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'An entity: aliases with counts, mentions, recent stories' })
  @ConditionalGet(EntityDetail, 'the entity')
  @ApiResponse({ status: 404, description: 'no such entity' })
  async get(@Param('id', uuidParam) id: string) {
    return (await this.entities.get(id)) ?? notFound('Entity', id);
  }
}
