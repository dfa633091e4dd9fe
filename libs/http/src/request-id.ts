import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** What a request id sent by a client or proxy may be: short, printable, one header line (no list of two). */
const SANE_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * Express middleware, first of all: every request gets an id — its X-Request-Id when that is sane, else a new
 * UUID — echoed on its response (refusals included). It is set as `req.id`, which pino-http takes as the id of
 * the request's log lines instead of making one of its own, so a response and its log lines carry the same id.
 */
export function assignRequestId(req: Request, res: Response, next: NextFunction): void {
  const sent = req.headers['x-request-id'];
  const id = typeof sent === 'string' && SANE_REQUEST_ID.test(sent) ? sent : randomUUID();
  (req as Request & { id: string }).id = id;
  res.setHeader('X-Request-Id', id);
  next();
}
