import { HttpStatus } from '@nestjs/common';
import type { Request } from 'express';
import { TextDecoder } from 'node:util';
import { JsonLimitError, JsonLimits, JsonStreamParser, JsonSyntaxError } from './json-stream-parser';
import { ProblemException } from './problem';

/**
 * The shape of any JSON body, generous for every route: a batch of 1,000 articles with every field is 3 deep
 * and ~9,000 values, the longest text a route takes is an HTML page (5,000,000 characters), field names are
 * short.
 */
export const JSON_BODY_LIMITS: JsonLimits = {
  maxDepth: 32,
  maxValues: 20_000,
  maxStringLength: 5_000_000,
  maxKeyLength: 1_000,
};

// What a JSON body may be encoded in: JSON is Unicode (RFC 8259), and these are what TextDecoder decodes.
const JSON_CHARSETS = new Set(['utf-8', 'utf8', 'utf-16', 'utf-16le', 'utf-16be']);

export function mediaTypeOf(req: Request): string {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

const isJson = (type: string) =>
  type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
const isText = (type: string) => type === 'text/plain' || type === 'text/html';

/**
 * Reads a request body — JSON parsed, text/plain and text/html as bytes (their charset is decided with the page:
 * decodeTextBody), anything else left unread (undefined) for the route to refuse — within `limit` bytes.
 *
 * The body is consumed a socket read at a time, and JSON is parsed as it arrives (JsonStreamParser), a slice per
 * turn of the event loop: a body costs no more than one slice of work at a time, and a body over the limit
 * or past JSON_BODY_LIMITS is refused at the read that crosses it — at once, by its Content-Length, when it
 * declares one. What a refused request still sends is read and discarded (Node does so for a request answered
 * unread), so the connection stays usable.
 *
 * Errors are problem+json: 413 too large, 400 malformed or nested too deep, 415 an encoding that is not read.
 * An empty JSON body is `{}`, as Express's body parser had it.
 */
export async function readRequestBody(req: Request, limit: number): Promise<unknown> {
  const type = mediaTypeOf(req);
  const json = isJson(type);
  if (!json && !isText(type)) return undefined;
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') {
    throw problem(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      'unsupported-media-type',
      'Unsupported content encoding',
      `send the body uncompressed (got Content-Encoding "${encoding}")`,
    );
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw tooLarge(limit);
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (json && charset && !JSON_CHARSETS.has(charset)) {
    throw problem(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      'unsupported-media-type',
      'Unsupported charset',
      `cannot decode charset "${charset}" for JSON; send UTF-8 or UTF-16`,
    );
  }
  const decoder = json ? new TextDecoder(charset ?? 'utf-8') : undefined;
  const parser = json ? new JsonStreamParser(JSON_BODY_LIMITS) : undefined;
  const chunks: Buffer[] = [];
  let received = 0;
  let stopped = false;
  // The parse of the last chunk, which may still be going on when the request has ended.
  let parsing: Promise<void> = Promise.resolve();

  return new Promise((resolve, reject) => {
    const stop = (error: unknown) => {
      stopped = true;
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onAborted);
      // The rest of the body is discarded as it comes; the answer does not wait for it.
      req.resume();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) return stop(tooLarge(limit));
      if (!parser) return void chunks.push(chunk);
      // Parsed a slice per turn of the event loop, the request paused meanwhile (the socket may hold many reads).
      req.pause();
      parsing = parseInSlices(parser, decoder!.decode(chunk, { stream: true }));
      parsing.then(
        () => stopped || req.resume(),
        (error: unknown) => stop(jsonProblem(error)),
      );
    };
    const onEnd = () => {
      req.off('data', onData).off('error', onError).off('aborted', onAborted);
      if (!parser) return resolve(Buffer.concat(chunks));
      if (received === 0) return resolve({});
      // A stream ends as soon as its last chunk is handed over, paused or not.
      parsing
        .then(() => {
          parser.write(decoder!.decode());
          resolve(parser.end());
        })
        .catch((error: unknown) => reject(jsonProblem(error)));
    };
    const onError = (error: Error) =>
      stop(
        problem(
          HttpStatus.BAD_REQUEST,
          'bad-request',
          'Bad request',
          `the request body could not be read: ${error.message}`,
        ),
      );
    const onAborted = () =>
      stop(problem(HttpStatus.BAD_REQUEST, 'bad-request', 'Bad request', 'the request body ended early'));
    req.on('data', onData).once('end', onEnd).once('error', onError).once('aborted', onAborted);
  });
}

/**
 * Characters parsed in one turn of the event loop: the worst text (thousands of distinct keys, each a new shape
 * of object) takes a few milliseconds per slice this size.
 */
const PARSE_SLICE = 16 * 1024;

async function parseInSlices(parser: JsonStreamParser, text: string): Promise<void> {
  for (let at = 0; at < text.length; at += PARSE_SLICE) {
    if (at > 0) await new Promise((resolve) => setImmediate(resolve));
    parser.write(text.slice(at, at + PARSE_SLICE));
  }
}

function jsonProblem(error: unknown): unknown {
  if (error instanceof JsonSyntaxError) {
    return problem(HttpStatus.BAD_REQUEST, 'malformed-json', 'Malformed JSON', error.message);
  }
  if (error instanceof JsonLimitError) {
    return error.limit === 'depth'
      ? problem(HttpStatus.BAD_REQUEST, 'json-too-deep', 'JSON too deep', `the request body holds ${error.message}`)
      : problem(
          HttpStatus.PAYLOAD_TOO_LARGE,
          'payload-too-large',
          'Payload too large',
          `the request body holds ${error.message}`,
        );
  }
  return error;
}

function tooLarge(limit: number): ProblemException {
  return problem(
    HttpStatus.PAYLOAD_TOO_LARGE,
    'payload-too-large',
    'Payload too large',
    `the request body is over the ${limit}-byte limit of this route`,
  );
}

function problem(status: HttpStatus, slug: string, title: string, detail: string): ProblemException {
  return new ProblemException(status, slug, title, detail);
}
