import { createReadStream } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** True for the compressed inputs the readers accept (`.jsonl.gz`, `.json.gz`, …). */
export function isGzipped(path: string): boolean {
  return path.toLowerCase().endsWith('.gz');
}

/**
 * A file as a byte stream, decompressed when it is gzip; `-` is standard input. `pipeline` forwards an error
 * of the file (missing, unreadable) to the gunzip stream, so whoever iterates sees it.
 */
export function openInput(path: string): Readable {
  const raw = path === '-' ? process.stdin : createReadStream(path);
  if (!isGzipped(path)) return raw;
  return pipeline(raw, createGunzip(), () => undefined);
}

/** A line, or why it is not text: input that is not UTF-8 is refused, never stored with replacement marks. */
export type Line = { text: string } | { error: string };

/**
 * Strict UTF-8: a Latin-1 or Windows-1252 file decoded leniently would be stored with U+FFFD in place of its
 * accented letters, and a re-post does not update a stored article, so the damage would stay. A byte-order mark
 * (which editors on Windows write) is dropped.
 */
function decode(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

const NOT_UTF8 = 'not UTF-8 text (convert it first, e.g. iconv -f windows-1252 -t utf-8)';

/** Errors of the file itself (missing, corrupt gzip) name the file: a run reads many. */
async function* chunksOf(path: string): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of openInput(path)) yield chunk as Buffer;
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The lines of a file (without `\n` or `\r\n`), one at a time, so inputs larger than memory stream through.
 * Split on the newline byte before decoding: it never occurs inside a multi-byte UTF-8 character, so each line
 * decodes (or fails to) on its own.
 */
export async function* readLines(path: string): AsyncGenerator<Line> {
  const line = (bytes: Buffer): Line => {
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    const text = decode(bytes.subarray(0, end));
    return text === null ? { error: NOT_UTF8 } : { text };
  };
  // The start of a line that goes on in the next chunks, kept as pieces: a 10 MB line is copied once.
  let pending: Buffer[] = [];
  for await (const chunk of chunksOf(path)) {
    let start = 0;
    for (let newline = chunk.indexOf(0x0a); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, newline);
      yield line(pending.length ? Buffer.concat([...pending, piece]) : piece);
      pending = [];
      start = newline + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length) yield line(Buffer.concat(pending));
}

/** The whole file as text (decompressed when gzip), or why it is not text. */
export async function readText(path: string): Promise<Line> {
  const chunks: Buffer[] = [];
  for await (const chunk of chunksOf(path)) chunks.push(chunk);
  const text = decode(Buffer.concat(chunks));
  return text === null ? { error: NOT_UTF8 } : { text };
}
