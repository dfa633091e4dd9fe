import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Feed, FeedInput, FeedList } from '@storyline/contracts';
import {
  ApiJsonResponse,
  ConditionalGet,
  openApiSchema,
  ProblemException,
  RequireScope,
  ZodValidationPipe,
} from '@storyline/http';
import { FeedExists, FeedRegistry, FeedUrlRefused } from '@storyline/pipeline';
import { notFound, uuidParam } from './query-params';

/** The feeds and sitemaps Storyline polls for articles, and how each is doing. */
@ApiTags('feeds')
@RequireScope('admin')
@Controller('v1/feeds')
export class FeedsController {
  constructor(private readonly feeds: FeedRegistry) {}

  @Post()
  @ApiOperation({ summary: 'Add a feed (RSS, Atom, JSON Feed, sitemap, news sitemap); first polled within a minute' })
  @ApiBody({ schema: openApiSchema(FeedInput) })
  @ApiJsonResponse(201, Feed, 'added')
  @ApiResponse({ status: 400, description: 'invalid, or a URL the fetcher would refuse (feed-url-refused)' })
  @ApiResponse({ status: 409, description: 'a feed with this URL exists (feed-exists, naming it as feedId)' })
  async create(@Body(new ZodValidationPipe(FeedInput, 'feed')) input: FeedInput) {
    try {
      return await this.feeds.create(input);
    } catch (error) {
      if (error instanceof FeedUrlRefused) {
        throw new ProblemException(HttpStatus.BAD_REQUEST, 'feed-url-refused', 'Feed URL refused', error.message);
      }
      if (error instanceof FeedExists) {
        throw new ProblemException(HttpStatus.CONFLICT, 'feed-exists', 'Feed exists', error.message, {
          feedId: error.id,
        });
      }
      throw error;
    }
  }

  @Get()
  @ApiOperation({ summary: 'Every feed with its status: last poll, last HTTP status, items seen and ingested, errors' })
  @ApiJsonResponse(200, FeedList, 'the feeds')
  async list() {
    return { items: await this.feeds.list() };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A feed and what its polls found' })
  @ConditionalGet(Feed, 'the feed')
  @ApiResponse({ status: 404, description: 'no such feed' })
  async get(@Param('id', uuidParam) id: string) {
    return (await this.feeds.get(id)) ?? notFound('Feed', id);
  }

  @Post(':id/pause')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Stop polling; the feed keeps what it knows until resumed' })
  @ApiJsonResponse(200, Feed, 'the feed, paused')
  @ApiResponse({ status: 404, description: 'no such feed' })
  async pause(@Param('id', uuidParam) id: string) {
    return (await this.feeds.setPaused(id, true)) ?? notFound('Feed', id);
  }

  @Post(':id/resume')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Poll again, within a minute, then on its interval' })
  @ApiJsonResponse(200, Feed, 'the feed, active')
  @ApiResponse({ status: 404, description: 'no such feed' })
  async resume(@Param('id', uuidParam) id: string) {
    return (await this.feeds.setPaused(id, false)) ?? notFound('Feed', id);
  }

  @Post(':id/poll')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Poll an active feed now (within a second or two), then on its interval' })
  @ApiJsonResponse(202, Feed, 'the feed, due now (a paused feed is left paused)')
  @ApiResponse({ status: 404, description: 'no such feed' })
  async poll(@Param('id', uuidParam) id: string) {
    return (await this.feeds.pollNow(id)) ?? notFound('Feed', id);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Stop polling and forget the feed; the articles it brought stay' })
  @ApiResponse({ status: 204, description: 'deleted' })
  @ApiResponse({ status: 404, description: 'no such feed' })
  async remove(@Param('id', uuidParam) id: string) {
    if (!(await this.feeds.remove(id))) notFound('Feed', id);
  }
}
