import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  ArticleRecord,
  expandInputs,
  inputKind,
  readArticleRecords,
  RecordError,
  surveyRecords,
} from './article-records';

const dir = mkdtempSync(join(tmpdir(), 'storyline-records-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const read = async (paths: string[], source?: string) => {
  const out: (ArticleRecord | RecordError)[] = [];
  for await (const r of readArticleRecords(await expandInputs(paths), { source })) out.push(r);
  return out;
};

describe('inputKind', () => {
  it.each([
    ['a.jsonl', 'jsonl'],
    ['a.JSONL.gz', 'jsonl'],
    ['a.ndjson', 'jsonl'],
    ['a.json.gz', 'json'],
    ['a.txt', 'text'],
    ['a.csv', undefined],
  ])('%s → %s', (name, kind) => expect(inputKind(name)).toBe(kind));
});

describe('readArticleRecords', () => {
  it('keeps only API fields for posting, all fields for eval, and takes externalId from id', async () => {
    const path = file(
      'ecb.jsonl',
      '{"id":"1_1ecb","storyId":"1_ecb","topic":1,"url":null,"title":"T","body":"B"}\n\n{"externalId":"x","id":"y","body":"C","source":"S"}\n',
    );
    const [a, b] = (await read([path])) as ArticleRecord[];
    expect(a.article).toEqual({ externalId: '1_1ecb', url: null, title: 'T', body: 'B' });
    expect(a.fields.storyId).toBe('1_ecb');
    expect(a.origin).toBe(`${path}:1`);
    expect(b.article).toEqual({ externalId: 'x', source: 'S', body: 'C' });
    expect(b.origin).toBe(`${path}:3`);
  });

  it('names a line without an id by file and line, and fills a missing source from --source', async () => {
    const path = file('plain.jsonl', '{"body":"one"}\n{"body":"two","source":"own"}\n{"body":"three","id":7}\n');
    const records = (await read([path], 'feed')) as ArticleRecord[];
    expect(records.map((r) => [r.article.externalId, r.article.source])).toEqual([
      ['plain.jsonl#1', 'feed'],
      ['plain.jsonl#2', 'own'],
      ['7', 'feed'],
    ]);
  });

  it('reports lines that are not JSON objects and carries on', async () => {
    const path = file('bad.jsonl', '{"body":"ok"}\nnot json\n[1]\n{"body":"ok too"}\n');
    const records = await read([path]);
    expect(records.map((r) => ('error' in r ? r.error.split(':')[0] : 'ok'))).toEqual([
      'ok',
      'invalid JSON',
      'not a JSON object',
      'ok',
    ]);
    expect((records[1] as RecordError).origin).toBe(`${path}:2`);
  });

  it('reads gzipped JSON Lines and JSON documents (array, { articles }, or JSON Lines named .json)', async () => {
    const gz = file('a.jsonl.gz', gzipSync('{"id":"g1","body":"x"}\n'));
    const array = file(
      'b.json.gz',
      gzipSync(
        JSON.stringify([
          { id: 'a1', body: 'x' },
          { id: 'a2', body: 'y' },
        ]),
      ),
    );
    const wrapped = file('c.json', JSON.stringify({ articles: [{ id: 'w1', body: 'x' }] }));
    const lines = file('d.json', '{"id":"l1","body":"x"}\n{"id":"l2","body":"y"}\n');
    const ids = ((await read([gz, array, wrapped, lines])) as ArticleRecord[]).map((r) => r.article.externalId);
    expect(ids).toEqual(['g1', 'a1', 'a2', 'w1', 'l1', 'l2']);
  });

  it('posts each .txt of a folder as one article named by its file, source defaulting to the folder', async () => {
    const folder = join(dir, 'wire');
    mkdirSync(folder);
    writeFileSync(join(folder, 'b.txt'), 'Second\n');
    writeFileSync(join(folder, 'a.txt'), 'KYIV, Apr 07 (AP): First\n');
    writeFileSync(join(folder, 'notes.md'), 'ignored');
    const records = (await read([folder])) as ArticleRecord[];
    expect(records.map((r) => r.article)).toEqual([
      { source: 'wire', externalId: 'a.txt', body: 'KYIV, Apr 07 (AP): First\n' },
      { source: 'wire', externalId: 'b.txt', body: 'Second\n' },
    ]);
    expect(((await read([join(folder, 'b.txt')], 'mine')) as ArticleRecord[])[0].article.source).toBe('mine');
  });
});

describe('expandInputs and surveyRecords', () => {
  it('counts articles without posting them', async () => {
    const folder = join(dir, 'count');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.txt'), 'x');
    const jsonl = file('count.jsonl', '{"body":"1"}\n\n{"body":"2"}\nbroken\n');
    expect(await surveyRecords(await expandInputs([folder, jsonl]))).toEqual({ total: 4 });
  });

  it('finds two articles without ids that the file names would give one key', async () => {
    for (const year of ['2020', '2021']) {
      mkdirSync(join(dir, year));
      writeFileSync(join(dir, year, 'articles.jsonl'), `{"source":"archive","body":"${year}"}\n`);
      mkdirSync(join(dir, year, 'day'));
      writeFileSync(join(dir, year, 'day', 'story.txt'), year);
    }
    const jsonl = ['2020', '2021'].map((year) => join(dir, year, 'articles.jsonl'));
    expect((await surveyRecords(await expandInputs(jsonl))).conflict).toEqual({
      key: 'source "archive", externalId "articles.jsonl#1"',
      first: `${jsonl[0]}:1`,
      second: `${jsonl[1]}:1`,
    });
    const days = ['2020', '2021'].map((year) => join(dir, year, 'day'));
    expect((await surveyRecords(await expandInputs(days))).conflict?.key).toBe('source "day", externalId "story.txt"');
    // Their own ids, or other sources, keep them apart.
    writeFileSync(jsonl[1], '{"source":"archive","id":"a-2021","body":"2021"}\n');
    expect(await surveyRecords(await expandInputs(jsonl))).toEqual({ total: 2 });
    expect((await surveyRecords(await expandInputs(days), { source: 'x' })).conflict).toBeDefined();
  });

  it('reads a file named twice once', async () => {
    const folder = join(dir, 'twice');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.txt'), 'x');
    const jsonl = file('twice.jsonl', '{"body":"1"}\n');
    const files = await expandInputs([jsonl, folder, jsonl, join(folder, 'a.txt')]);
    expect(files.map((f) => f.path)).toEqual([jsonl, join(folder, 'a.txt')]);
    expect(await surveyRecords(files)).toEqual({ total: 2 });
  });

  it('refuses missing paths, unknown extensions and folders without .txt files', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    await expect(expandInputs([join(dir, 'nope.jsonl')])).rejects.toThrow('no such file');
    await expect(expandInputs([file('x.csv', '')])).rejects.toThrow('expected .jsonl, .json or .txt');
    await expect(expandInputs([empty])).rejects.toThrow('no .txt files');
  });
});
