import { HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ProblemException } from './problem';

/**
 * Why the path or a query parameter of a request target is not text the services can use, or undefined: a
 * percent-encoding that is not UTF-8 (which includes encoded lone surrogates, `%ED%A0%80`), a malformed escape
 * (`%zz`), or NUL, which no Postgres text can hold — a NUL in `?source=` was a 500. Parameter names are taken
 * as sent, so a client can find the one meant.
 */
export function unreadableTarget(url: string): string | undefined {
  const mark = url.indexOf('?');
  const path = mark < 0 ? url : url.slice(0, mark);
  const pathProblem = textProblem(path, false);
  if (pathProblem) return `the path ${pathProblem}`;
  if (mark < 0) return undefined;
  for (const pair of url.slice(mark + 1).split('&')) {
    if (!pair) continue;
    const equals = pair.indexOf('=');
    const rawName = equals < 0 ? pair : pair.slice(0, equals);
    const nameProblem = textProblem(rawName, true);
    if (nameProblem) return `query parameter name ${JSON.stringify(rawName)} ${nameProblem}`;
    const valueProblem = equals < 0 ? undefined : textProblem(pair.slice(equals + 1), true);
    if (valueProblem) return `query parameter ${decodeURIComponent(rawName.replaceAll('+', ' '))} ${valueProblem}`;
  }
  return undefined;
}

function textProblem(encoded: string, plusIsSpace: boolean): string | undefined {
  let text: string;
  try {
    text = decodeURIComponent(plusIsSpace ? encoded.replaceAll('+', ' ') : encoded);
  } catch {
    return 'is not percent-encoded UTF-8';
  }
  return text.includes('\u0000') ? 'holds NUL' : undefined;
}

/** Express middleware: a request whose target is not readable text (unreadableTarget) is answered 400. */
export function refuseUnreadableTarget(req: Request, _res: Response, next: NextFunction): void {
  const problem = unreadableTarget(req.originalUrl ?? req.url);
  if (!problem) return next();
  next(new ProblemException(HttpStatus.BAD_REQUEST, 'invalid-text', 'Invalid request target', problem));
}
