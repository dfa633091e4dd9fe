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
  for await (const line of readLines(path)) out.push(line);
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

  it('fails the iteration for a missing file or a corrupt gzip', async () => {
    await expect(collect(join(dir, 'missing.jsonl'))).rejects.toThrow(/ENOENT/);
    await expect(collect(join(dir, 'missing.jsonl.gz'))).rejects.toThrow(/ENOENT/);
    await expect(collect(file('bad.jsonl.gz', 'not gzip'))).rejects.toThrow(/header/);
  });
});

describe('readText', () => {
  it('reads a whole file, decompressing gzip', async () => {
    expect(await readText(file('d.json.gz', gzipSync('[1,2]')))).toBe('[1,2]');
  });
});
