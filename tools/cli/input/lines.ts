import { createReadStream } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
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

/** The lines of a file (without `\n` or `\r\n`), one at a time, so inputs larger than memory stream through. */
export async function* readLines(path: string): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of openInput(path)) {
    const parts = (rest + decoder.write(chunk as Buffer)).split('\n');
    rest = parts.pop() as string;
    for (const line of parts) yield line.endsWith('\r') ? line.slice(0, -1) : line;
  }
  rest += decoder.end();
  if (rest !== '') yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}

/** The whole file as text (decompressed when gzip). */
export async function readText(path: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of openInput(path)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
