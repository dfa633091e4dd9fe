import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ALL_EVENT_TYPES, EventStream } from '@storyline/contracts';
import { ApiQueryParams, RequireScope, schemaRef, ZodValidationPipe } from '@storyline/http';
import { parseStreamPosition } from '@storyline/pipeline';
import { LiveStreams } from './live-streams';
import { invalidCursor, queryParams } from './query-params';

/** A comma-separated list (a repeated parameter is refused, as on every route). */
const list = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .max(10_000)
    .transform((raw) =>
      raw
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1).max(100));

const StreamQuery = queryParams({
  eventTypes: list(z.enum(ALL_EVENT_TYPES as [string, ...string[]]))
    .optional()
    .describe('comma-separated; default: all four'),
  entityIds: list(z.uuid()).optional().describe('comma-separated: stories with any of these entities'),
  sources: list(z.string().min(1).max(200)).optional().describe('comma-separated: stories with any of these sources'),
  lastEventId: z.string().max(100).optional().describe('resume after this id (the header wins)'),
});

@ApiTags('stream')
@RequireScope('read')
@Controller('v1/stream')
export class StreamController {
  constructor(private readonly streams: LiveStreams) {}

  @Get()
  @ApiOperation({
    summary:
      'Server-Sent Events of story.created, story.updated, story.merged and article.failed as they commit, each with an id to resume from (Last-Event-ID); filters as webhook subscriptions have',
  })
  @ApiProduces('text/event-stream')
  @ApiQueryParams(StreamQuery)
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'resume after this id, as EventSource sends it' })
  @ApiResponse({
    status: 200,
    description: 'the stream, until the client or the server ends it',
    schema: schemaRef(EventStream),
  })
  @ApiResponse({ status: 400, description: 'an id to resume from that is not one (invalid-cursor)' })
  @ApiResponse({ status: 503, description: 'STREAM_MAX_CONNECTIONS streams are open already (too-many-streams)' })
  async stream(
    @Query(new ZodValidationPipe(StreamQuery, 'query')) q: z.infer<typeof StreamQuery>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    // The header first: EventSource reconnects to the same URL, whose lastEventId is where it first started.
    const header = req.headers['last-event-id'];
    const resumeFrom = typeof header === 'string' && header.trim() !== '' ? header : q.lastEventId;
    const after = resumeFrom === undefined ? undefined : (parseStreamPosition(resumeFrom) ?? invalidCursor());
    await this.streams.open(res, {
      after,
      eventTypes: q.eventTypes ?? [...ALL_EVENT_TYPES],
      filters: { entityIds: q.entityIds, sources: q.sources },
    });
  }
}
