import { setImmediate } from 'node:timers/promises';
import {
  Body,
  Controller,
  HttpCode,
  HttpStatus,
  Logger,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import {
  ArticleAccepted,
  ArticleBatchInput,
  ArticleBatchResults,
  ArticleInput,
  ArticleRetried,
  isUrlOnly,
} from '@storyline/contracts';
import {
  ApiJsonResponse,
  BodyLimit,
  openApiSchema,
  ProblemException,
  RequireScope,
  validationErrors,
  ZodValidationPipe,
} from '@storyline/http';
import {
  ArticleIntake,
  ArticleSubmission,
  IntakeResult,
  PipelineQueue,
  RetryFailedArticle,
  UrlIntake,
} from '@storyline/pipeline';
import { decodeTextBody, splitPlainTextArticle, storableText, UnsupportedCharsetError } from '@storyline/text';
import { IngestLinks } from './ingest-links';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * Batch items validated between two turns of the event loop: a full batch of large articles then holds other
 * requests up for a few milliseconds at a time, not for the whole batch.
 */
const VALIDATION_SLICE = 50;

/** Article ids are UUIDs; anything else names no article (a 404, not a 500 from Postgres' uuid cast). */
const articleIdParam = new ParseUUIDPipe({
  exceptionFactory: () => new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'Article not found', 'no such id'),
});

/** Accepts articles as JSON, text/plain (first line is the title) or text/html, alone or in batches. */
@ApiTags('articles')
@RequireScope('ingest')
@Controller('v1/articles')
export class ArticlesController {
  private readonly logger = new Logger(ArticlesController.name);
  private readonly retry: RetryFailedArticle;

  constructor(
    private readonly intake: ArticleIntake,
    private readonly urlIntake: UrlIntake,
    private readonly links: IngestLinks,
    @InjectDataSource() db: DataSource,
    queue: PipelineQueue,
  ) {
    this.retry = new RetryFailedArticle(db, queue);
  }

  @Post()
  @BodyLimit('INGEST_ARTICLE_MAX_BYTES')
  @ApiOperation({
    summary:
      'Submit one article; answers 202 with its id (200 when it was already known). A url alone (no title, body or html) is fetched: the article is `fetching` until its page comes',
  })
  @ApiConsumes('application/json', 'text/plain', 'text/html')
  @ApiBody({ schema: openApiSchema(ArticleInput), description: 'JSON; text/plain and text/html take the raw text' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'a retry with the same key returns the article the first request made (1–255 visible ASCII characters)',
  })
  @ApiQuery({ name: 'source', required: false, description: 'text/plain and text/html only, as the JSON field' })
  @ApiQuery({ name: 'url', required: false, description: 'text/plain and text/html only, as the JSON field' })
  @ApiQuery({ name: 'externalId', required: false, description: 'text/plain and text/html only, as the JSON field' })
  @ApiQuery({ name: 'publishedAt', required: false, description: 'text/plain and text/html only, as the JSON field' })
  @ApiQuery({ name: 'language', required: false, description: 'text/plain and text/html only, as the JSON field' })
  @ApiJsonResponse(202, ArticleAccepted, 'accepted and queued')
  @ApiJsonResponse(
    200,
    ArticleAccepted,
    'already known (same source and externalId, or Idempotency-Key): nothing queued',
  )
  @ApiResponse({ status: 400, description: 'problem+json listing the invalid fields' })
  @ApiResponse({ status: 409, description: 'Idempotency-Key already used for a different article' })
  @ApiResponse({ status: 413, description: 'body over INGEST_ARTICLE_MAX_BYTES, or over 20,000 JSON values' })
  async submit(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Body() body: unknown,
    @Query() query: Record<string, string>,
  ) {
    const submission = this.toSubmission(req, body, query, idempotencyKeyOf(req));
    const [result] = await this.accept([submission]);
    if (result.keyReused) throw keyReusedProblem(result.id);
    res.status(result.duplicate ? HttpStatus.OK : HttpStatus.ACCEPTED);
    res.setHeader('Location', this.links.article(result.id));
    return this.present(result);
  }

  @Post('batch')
  @BodyLimit('INGEST_BATCH_MAX_BYTES')
  @ApiOperation({ summary: 'Submit up to 1,000 articles; answers per item, in order' })
  @ApiBody({ schema: openApiSchema(ArticleBatchInput) })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'item i is keyed "<key>#<i>"' })
  @ApiJsonResponse(202, ArticleBatchResults, 'every item accepted (or already known); results in order')
  @ApiJsonResponse(207, ArticleBatchResults, 'some items refused; each refused item carries a problem')
  @ApiResponse({ status: 400, description: 'not a batch (over 1,000 items, not an array)' })
  @ApiResponse({ status: 413, description: 'body over INGEST_BATCH_MAX_BYTES, or over 20,000 JSON values' })
  @ApiResponse({ status: 415, description: 'not JSON' })
  async submitBatch(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body() body: unknown) {
    const type = mediaType(req);
    if (type !== 'application/json' && !type.endsWith('+json')) throw unsupportedMediaType(type, 'application/json');
    const batch = new ZodValidationPipe(ArticleBatchInput, 'batch').transform(body);
    const key = idempotencyKeyOf(req);
    const items: ({ index: number; submission: ArticleSubmission } | { index: number; error: unknown })[] = [];
    for (const [index, raw] of batch.articles.entries()) {
      // Checking a large article's text takes V8 a copy of it: other requests get their turn between slices.
      if (index > 0 && index % VALIDATION_SLICE === 0) await setImmediate();
      const parsed = ArticleInput.safeParse(raw);
      if (!parsed.success) {
        items.push({
          index,
          error: new ProblemException(
            HttpStatus.BAD_REQUEST,
            'validation',
            'Invalid article',
            `article ${index} of the batch is invalid`,
            { errors: validationErrors(parsed.error) },
          ).getResponse(),
        });
        continue;
      }
      items.push({
        index,
        submission: {
          input: parsed.data,
          contentType: parsed.data.html ? 'text/html' : 'application/json',
          idempotencyKey: key ? `${key}#${index}` : undefined,
        },
      });
    }
    const valid = items.filter((i): i is { index: number; submission: ArticleSubmission } => 'submission' in i);
    const accepted = await this.accept(valid.map((v) => v.submission));
    const byIndex = new Map(valid.map((v, i) => [v.index, accepted[i]]));
    // 207 tells a client at a glance that some items were refused (invalid, or an Idempotency-Key reused for
    // another article); each item carries its own outcome.
    const refused = valid.length < items.length || accepted.some((a) => a.keyReused);
    res.status(refused ? HttpStatus.MULTI_STATUS : HttpStatus.ACCEPTED);
    return {
      results: items.map((item) => {
        const result = byIndex.get(item.index);
        if (result?.keyReused) {
          return { index: item.index, error: keyReusedProblem(result.id).getResponse() };
        }
        return result ? { index: item.index, ...this.present(result) } : item;
      }),
    };
  }

  @Post(':id/retry')
  @RequireScope('admin')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Run a failed article through every stage again (a new revision), once the cause is fixed',
  })
  @ApiJsonResponse(202, ArticleRetried, 'back in `received` and queued (in `fetching`, for a failed fetch)')
  @ApiResponse({ status: 404, description: 'no such article' })
  @ApiResponse({ status: 409, description: 'the article has not failed' })
  async retryFailed(@Param('id', articleIdParam) id: string) {
    const result = await this.retry.execute(id);
    if (result.outcome === 'not-found') {
      throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'Article not found', `no article ${id}`);
    }
    if (result.outcome === 'not-failed') {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'not-failed',
        'Article has not failed',
        `article ${id} is ${result.status}; only a failed article is retried`,
        { articleStatus: result.status },
      );
    }
    if (!result.queued) this.logger.warn(`retry of article ${id}: queueing failed, left for the sweeper`);
    return { id, status: result.status, revision: result.revision, location: this.links.article(id) };
  }

  /** Articles with text go to normalize; those that are a URL alone go to be fetched first. Results in order. */
  private async accept(submissions: ArticleSubmission[]): Promise<IntakeResult[]> {
    const results: IntakeResult[] = new Array(submissions.length);
    const texts = submissions.flatMap((s, i) => (isUrlOnly(s.input) ? [] : [{ s, i }]));
    const stored = texts.length ? await this.intake.accept(texts.map((t) => t.s)) : [];
    texts.forEach((t, n) => (results[t.i] = stored[n]));
    for (const [i, s] of submissions.entries()) {
      if (isUrlOnly(s.input)) results[i] = await this.urlIntake.accept(s);
    }
    return results;
  }

  private toSubmission(req: Request, body: unknown, query: Record<string, string>, key?: string): ArticleSubmission {
    const type = mediaType(req);
    const param = (name: string) => (typeof query[name] === 'string' ? storableText(query[name]) : query[name]);
    const fromQuery = {
      source: param('source'),
      url: param('url'),
      externalId: param('externalId'),
      publishedAt: param('publishedAt'),
      language: param('language'),
    };
    const json = type === 'application/json' || type.endsWith('+json');
    // A parameter that would be ignored is refused, as an unknown JSON field is: a typo ("externalID") must not
    // silently post an article without its key. A JSON article carries its fields in the body.
    const ignored = Object.keys(query).filter((name) => json || !(name in fromQuery));
    if (ignored.length) {
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'validation',
        'Invalid request',
        json
          ? `a JSON article carries its fields in the body; query parameters ${ignored.join(', ')} are not read`
          : `unknown query parameter(s) ${ignored.join(', ')}; text and HTML posts take ${Object.keys(fromQuery).join(', ')}`,
      );
    }
    let candidate: unknown;
    let rawText: string | undefined;
    if (json) {
      candidate = body;
    } else if (type === 'text/plain') {
      rawText = decodeBody(req, body, false);
      // Stored whole; normalization reads it again with the same split (rawArticleOf).
      const { title, body: rest } = splitPlainTextArticle(rawText);
      candidate = { ...definedOnly(fromQuery), title: title || undefined, body: rest };
    } else if (type === 'text/html') {
      candidate = { ...definedOnly(fromQuery), html: decodeBody(req, body, true) };
    } else {
      throw unsupportedMediaType(type, 'application/json, text/plain or text/html');
    }
    const input = new ZodValidationPipe(ArticleInput, 'article').transform(candidate);
    return { input, contentType: type.endsWith('json') ? 'application/json' : type, rawText, idempotencyKey: key };
  }

  private present(result: IntakeResult) {
    return {
      id: result.id,
      status: result.status,
      duplicate: result.duplicate,
      location: this.links.article(result.id),
    };
  }
}

/** A text or HTML body (raw bytes) as text; a charset this runtime cannot decode is a 415. */
function decodeBody(req: Request, body: unknown, html: boolean): string {
  if (!Buffer.isBuffer(body)) return '';
  try {
    return decodeTextBody(body, req.headers['content-type'], html);
  } catch (error) {
    if (!(error instanceof UnsupportedCharsetError)) throw error;
    throw new ProblemException(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      'unsupported-media-type',
      'Unsupported charset',
      `cannot decode charset "${error.charset}"; send UTF-8 or another WHATWG encoding`,
    );
  }
}

function mediaType(req: Request): string {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

function unsupportedMediaType(type: string, accepted: string): ProblemException {
  return new ProblemException(
    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    'unsupported-media-type',
    'Unsupported media type',
    `send ${accepted} (got "${type || 'none'}")`,
  );
}

function keyReusedProblem(existingId: string): ProblemException {
  return new ProblemException(
    HttpStatus.CONFLICT,
    'idempotency-key-reused',
    'Idempotency-Key reused',
    'this key was first used for a different article; use a new key for a new article',
    { existingId },
  );
}

/**
 * The request's Idempotency-Key, checked. Read from the request, not with @Headers(), which the OpenAPI document
 * would list as a second, required header beside the optional one @ApiHeader describes.
 */
function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.header('idempotency-key');
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ProblemException(
      HttpStatus.BAD_REQUEST,
      'invalid-idempotency-key',
      'Invalid Idempotency-Key',
      'use 1 to 255 visible ASCII characters',
    );
  }
  return key;
}

function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}
