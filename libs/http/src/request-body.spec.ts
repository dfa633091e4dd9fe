import type { Request } from 'express';
import { Readable } from 'node:stream';
import { readRequestBody } from './request-body';

/** A request as the body reader sees one: a readable stream of the given chunks, with headers. */
function request(chunks: Buffer[], headers: Record<string, string>): Request {
  return Object.assign(Readable.from(chunks, { objectMode: false }), { headers }) as unknown as Request;
}

const problemOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return (error as { getResponse(): Record<string, unknown> }).getResponse();
  }
  throw new Error('expected a refusal');
};

describe('readRequestBody', () => {
  const json = { 'content-type': 'application/json' };

  it('parses JSON of many slices, whether it comes in one chunk or many', async () => {
    const value = { articles: Array.from({ length: 200 }, (_, i) => ({ title: `T${i}`, body: 'é'.repeat(500) })) };
    const text = Buffer.from(JSON.stringify(value));
    expect(await readRequestBody(request([text], json), 1e7)).toEqual(value);
    const pieces = Array.from({ length: Math.ceil(text.length / 1000) }, (_, i) =>
      text.subarray(i * 1000, (i + 1) * 1000),
    );
    expect(await readRequestBody(request(pieces, json), 1e7)).toEqual(value);
  });

  it('decodes UTF-16 JSON, and takes an empty body as {}', async () => {
    const utf16 = Buffer.from('{"a":"Köln"}', 'utf16le');
    expect(
      await readRequestBody(request([utf16], { 'content-type': 'application/json; charset=utf-16le' }), 100),
    ).toEqual({
      a: 'Köln',
    });
    expect(await readRequestBody(request([], json), 100)).toEqual({});
  });

  it('gives text and HTML as bytes, and leaves other types unread', async () => {
    const body = await readRequestBody(
      request([Buffer.from('a'), Buffer.from('b')], { 'content-type': 'text/plain' }),
      10,
    );
    expect(body).toEqual(Buffer.from('ab'));
    expect(
      await readRequestBody(request([Buffer.from('<a/>')], { 'content-type': 'application/xml' }), 10),
    ).toBeUndefined();
  });

  it('refuses what it does not read: too large, compressed, a charset JSON is not written in', async () => {
    expect(
      await problemOf(readRequestBody(request([Buffer.alloc(11, 'x')], { 'content-type': 'text/plain' }), 10)),
    ).toMatchObject({ status: 413 });
    expect(await problemOf(readRequestBody(request([], { ...json, 'content-length': '11' }), 10))).toMatchObject({
      status: 413,
      detail: 'the request body is over the 10-byte limit of this route',
    });
    expect(await problemOf(readRequestBody(request([], { ...json, 'content-encoding': 'gzip' }), 10))).toMatchObject({
      status: 415,
    });
    expect(
      await problemOf(readRequestBody(request([], { 'content-type': 'application/json; charset=koi8-r' }), 10)),
    ).toMatchObject({ status: 415 });
  });

  it('answers malformed JSON 400, too deep 400, too many values 413', async () => {
    const refusal = (text: string) => problemOf(readRequestBody(request([Buffer.from(text)], json), 1e6));
    expect(await refusal('{"a":')).toMatchObject({ status: 400, title: 'Malformed JSON' });
    expect(await refusal('['.repeat(33))).toMatchObject({ status: 400, title: 'JSON too deep' });
    expect(await refusal(`[${'1,'.repeat(20_000)}1]`)).toMatchObject({ status: 413 });
  });
});
