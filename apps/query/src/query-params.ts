import { HttpStatus, ParseUUIDPipe } from '@nestjs/common';
import { z } from 'zod';
import { ProblemException } from '@storyline/http';

/** Ids in paths are UUIDs; anything else is a 404 (not a 500 from Postgres' uuid cast). */
export const uuidParam = new ParseUUIDPipe({
  exceptionFactory: () => new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'Not found', 'no such id'),
});

export const limitParam = (def: number, max: number) => z.coerce.number().int().min(1).max(max).default(def);

export function notFound(what: string, id: string): never {
  throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', `${what} not found`, `no ${what.toLowerCase()} ${id}`);
}

/** A cursor that does not decode: the client made it up or mangled it. */
export function invalidCursor(): never {
  throw new ProblemException(HttpStatus.BAD_REQUEST, 'invalid-cursor', 'Invalid cursor', 'use nextCursor as returned');
}
