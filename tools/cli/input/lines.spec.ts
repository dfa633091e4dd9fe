import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readLines, readText } from './lines';

const dir = mkdtempSync(join(tmpdir(), 'storyline-lines-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const collect = async (path: string) => {
  const out: string[] = [];
  for await (const line of readLines(path)) out.push('text' in line ? line.text : `! ${line.error}`);
  return out;
};

describe('readLines', () => {
  it('splits on \\n and \\r\\n and keeps a last line without a newline', async () => {
    expect(await collect(file('a.txt', 'one\r\ntwo\n\nthree'))).toEqual(['one', 'two', '', 'three']);
  });

  it('reads gzip by extension', async () => {
    expect(await collect(file('b.jsonl.gz', gzipSync('{"a":1}\n{"a":2}\n')))).toEqual(['{"a":1}', '{"a":2}']);
  });

  it('keeps multi-byte characters whole across read chunks', async () => {
    const line = 'é'.repeat(70_000); // 140 KB: more than one 64 KB chunk, split inside a character
    expect(await collect(file('c.txt', `${line}\nx\n`))).toEqual([line, 'x']);
  });

  it('fails the iteration for a missing file or a corrupt gzip, naming the file', async () => {
    await expect(collect(join(dir, 'missing.jsonl'))).rejects.toThrow(/missing\.jsonl: .*ENOENT/);
    await expect(collect(join(dir, 'missing.jsonl.gz'))).rejects.toThrow(/ENOENT/);
    await expect(collect(file('bad.jsonl.gz', 'not gzip'))).rejects.toThrow(/bad\.jsonl\.gz: .*header/);
  });

  it('drops a byte-order mark and refuses a line that is not UTF-8, alone', async () => {
    const latin1 = Buffer.from('{"title":"Caf\xe9"}', 'latin1');
    const bytes = Buffer.concat([Buffer.from('\ufeff{"a":1}\n'), latin1, Buffer.from('\n{"a":2}\n')]);
    expect(await collect(file('e.jsonl', bytes))).toEqual([
      '{"a":1}',
      expect.stringMatching(/^! not UTF-8/),
      '{"a":2}',
    ]);
  });
});

describe('readText', () => {
  it('reads a whole file, decompressing gzip', async () => {
    expect(await readText(file('d.json.gz', gzipSync('[1,2]')))).toEqual({ text: '[1,2]' });
    expect(await readText(file('f.txt', '\ufeffCafé'))).toEqual({ text: 'Café' });
    expect(await readText(file('g.txt', Buffer.from('Caf\xe9', 'latin1')))).toEqual({
      error: expect.stringMatching(/^not UTF-8/),
    });
  });
});
