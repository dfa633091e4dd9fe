import { HttpStatus, ParseUUIDPipe } from '@nestjs/common';
import { z } from 'zod';
import { ProblemException } from '@storyline/http';

/** Ids in paths are UUIDs; anything else is a 404 (not a 500 from Postgres' uuid cast). */
export const uuidParam = new ParseUUIDPipe({
  exceptionFactory: () => new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'Not found', 'no such id'),
});

/** Parameters of a route, each validated; any other is refused by name (ZodValidationPipe). */
export const queryParams = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape);

/** A page size in decimal digits: Number() would take "0x10" as 16, "1e2" as 100 and " " as 0. */
export const limitParam = (def: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,6}$/, 'a whole number in decimal digits')
    .transform(Number)
    .pipe(z.number().min(1).max(max))
    .default(def)
    .describe(`how many, ${def} unless given, at most ${max}`);

/** A whole number of at least 1 in decimal digits, for minimums (see limitParam for why not Number()). */
export const countParam = z
  .string()
  .regex(/^[0-9]{1,6}$/, 'a whole number in decimal digits')
  .transform(Number)
  .pipe(z.number().min(1));

/** A point in time, with its offset: a time without one would be read in the server's zone. */
export const timeParam = z.iso.datetime({ offset: true });

/** An ISO 639-1 language code, as languages are detected and stored (lower case). */
export const languageParam = z
  .string()
  .regex(/^[a-zA-Z]{2}$/, 'an ISO 639-1 code')
  .transform((l) => l.toLowerCase());

/** A full-text search query (websearch syntax: words, "a phrase", or, -word), not blank. */
export const searchText = z
  .string()
  .trim()
  .min(1, 'a search query')
  .max(500)
  .describe('words, "a phrase", or, -word (websearch_to_tsquery), stemmed in each article\'s own language');

export function notFound(what: string, id: string): never {
  throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', `${what} not found`, `no ${what.toLowerCase()} ${id}`);
}

/** A cursor that does not decode: the client made it up or mangled it. */
export function invalidCursor(): never {
  throw new ProblemException(HttpStatus.BAD_REQUEST, 'invalid-cursor', 'Invalid cursor', 'use nextCursor as returned');
}
