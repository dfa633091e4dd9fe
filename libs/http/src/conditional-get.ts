import { createHash } from 'node:crypto';
import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  HttpStatus,
  Injectable,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { map } from 'rxjs';
import type { z } from 'zod';
import { schemaRef } from './openapi-schema';

/**
 * Whether If-None-Match names `etag`, compared weakly as RFC 9110 has an origin server compare it (`*`, or a
 * listed tag equal to it but for a W/ prefix).
 */
export function noneMatch(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/**
 * A strong ETag of the JSON body: a digest of the bytes sent, so it changes exactly when the response does, whatever
 * changed underneath (a story's articles, an entity's stories) — no version column has to cover every part of a
 * view. The 304 is decided here, not by Express: its freshness check treats the request's `Cache-Control:
 * no-cache` as a reload and answers 200, and fetch() adds that header to every request carrying If-None-Match.
 */
@Injectable()
class EntityTagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    return next.handle().pipe(
      map((body: unknown) => {
        // res.json sends JSON.stringify(body) with Express' default settings: these same bytes.
        const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url')}"`;
        res.setHeader('ETag', etag);
        if (!noneMatch(req.header('if-none-match'), etag)) return body;
        // Nest sends what the handler's pipeline returns with the status set by then: no body, 304.
        res.status(HttpStatus.NOT_MODIFIED);
        return undefined;
      }),
    );
  }
}

/**
 * A detail route answered conditionally: its 200 carries an ETag; a GET with If-None-Match naming it is answered
 * 304 with no body (the view is still read: the saving is the transfer and the client's parsing).
 */
export function ConditionalGet(schema: z.ZodType, description: string): MethodDecorator {
  return applyDecorators(
    UseInterceptors(EntityTagInterceptor),
    ApiHeader({
      name: 'If-None-Match',
      required: false,
      description: 'an ETag of this resource from an earlier response: 304 when it is still current',
    }),
    ApiResponse({
      status: 200,
      description,
      schema: schemaRef(schema),
      headers: { ETag: { description: 'strong validator of this response', schema: { type: 'string' } } },
    }),
    ApiResponse({
      status: 304,
      description: 'not modified since the ETag in If-None-Match',
      headers: { ETag: { description: 'the current ETag, the one sent', schema: { type: 'string' } } },
    }),
  );
}
