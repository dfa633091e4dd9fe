import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ArticleReader } from '@storyline/pipeline';
import { notFound, uuidParam } from './query-params';

@ApiTags('articles')
@Controller('v1/articles')
export class ArticlesController {
  constructor(private readonly articles: ArticleReader) {}

  @Get(':id')
  @ApiOperation({ summary: 'Raw and normalized text, metadata, story, syndication, entities, per-stage status' })
  async get(@Param('id', uuidParam) id: string) {
    return (await this.articles.get(id)) ?? notFound('Article', id);
  }
}
