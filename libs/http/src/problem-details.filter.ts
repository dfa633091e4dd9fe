import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sqlState } from '@storyline/database';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, problemType } from './problem';

const SLUG_BY_STATUS: Record<number, [string, string]> = {
  400: ['bad-request', 'Bad request'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  409: ['conflict', 'Conflict'],
  413: ['payload-too-large', 'Payload too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  422: ['unprocessable', 'Unprocessable content'],
  429: ['too-many-requests', 'Too many requests'],
  503: ['unavailable', 'Service unavailable'],
};

// Socket errors and the Postgres classes of a server that is down or going away (57P: operator intervention,
// 08: connection exception): the request was fine, the service cannot serve it now.
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);
const UNREACHABLE_SQLSTATE = /^(57P0[1-3]|08\d{3})$/;
const UNREACHABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect/i;
/**
 * A connection lost in the middle of a request's transaction (pg_terminate_backend, a failover) surfaces as the
 * next statement's error rather than the server's: TypeORM releases the query runner of a connection that emitted
 * an error (QueryRunnerProviderAlreadyReleasedError), and pg refuses a client that had one ("… not queryable").
 * Nothing was committed, so it is a 503 too (ingest answered 500 under npm run chaos).
 */
const CONNECTION_LOST_NAMES = new Set(['QueryRunnerProviderAlreadyReleasedError']);
const CONNECTION_LOST_MESSAGE = /Client has encountered a connection error and is not queryable/;

// lock_not_available (lock_timeout) and query_canceled (statement_timeout): the database is stuck or slow, the
// request was fine and may go through later.
const TIMEOUT_SQLSTATE = new Set(['55P03', '57014']);

/** Seconds a client is asked to wait before retrying a 503. */
const RETRY_AFTER_SECONDS = 2;

function isDatabaseUnreachable(exception: unknown): boolean {
  const e = exception as { message?: unknown } | null | undefined;
  const code = sqlState(exception);
  return (
    UNREACHABLE_CODES.has(code) ||
    UNREACHABLE_SQLSTATE.test(code) ||
    (exception instanceof Error && CONNECTION_LOST_NAMES.has(exception.name)) ||
    (typeof e?.message === 'string' && (UNREACHABLE_MESSAGE.test(e.message) || CONNECTION_LOST_MESSAGE.test(e.message)))
  );
}

/**
 * Every error leaves the HTTP services as application/problem+json (RFC 9457): Nest's own exceptions,
 * Express's own errors and unexpected failures, which are logged and answered
 * with a generic 500 so internals never leak.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = this.toProblem(exception);
    problem.instance ??= request.originalUrl;
    if (problem.status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (problem.status === HttpStatus.SERVICE_UNAVAILABLE)
      response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      if (typeof body === 'object' && body && 'type' in body && 'title' in body) return { ...(body as ProblemDetails) };
      const [slug, title] = SLUG_BY_STATUS[status] ?? ['http-error', HttpStatus[status] ?? 'Error'];
      const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      // A failed readiness check (Terminus) says which dependency is down: keep that, an operator needs it.
      const checks =
        typeof body === 'object' ? (body as { details?: Record<string, { status?: string }> }).details : undefined;
      const down = checks ? Object.keys(checks).filter((key) => checks[key]?.status === 'down') : [];
      return {
        type: problemType(slug),
        title,
        status,
        detail: Array.isArray(message)
          ? message.join('; ')
          : typeof message === 'string'
            ? message
            : down.length
              ? `unavailable: ${down.join(', ')}`
              : undefined,
        ...(checks ? { checks } : {}),
      };
    }
    // Express's own errors (a path parameter that does not decode) carry a status but are not HttpExceptions.
    const expressError = exception as { status?: number; message?: string };
    if (typeof expressError?.status === 'number' && expressError.status >= 400 && expressError.status < 500) {
      const [slug, title] = SLUG_BY_STATUS[expressError.status] ?? ['bad-request', 'Bad request'];
      return { type: problemType(slug), title, status: expressError.status, detail: expressError.message };
    }
    if (TIMEOUT_SQLSTATE.has(sqlState(exception))) {
      return {
        type: problemType('unavailable'),
        title: 'Service unavailable',
        status: 503,
        detail: 'the database did not answer in time (a lock or statement timeout ran out); retry later',
      };
    }
    if (isDatabaseUnreachable(exception)) {
      return {
        type: problemType('unavailable'),
        title: 'Service unavailable',
        status: 503,
        detail: 'the database cannot be reached; retry later',
      };
    }
    return { type: problemType('internal'), title: 'Internal server error', status: 500 };
  }
}
