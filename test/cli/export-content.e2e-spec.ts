import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSource } from '@storyline/database';
import { ExportedArticle, exportArticles } from '../../tools/cli/stack/article-export';
import { ExportedStory, exportStories } from '../../tools/cli/stack/story-export';
import { Stack } from '../support/stack';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

const ROOT = join(__dirname, '..', '..');

// Fictional articles, written for this test.
const DAM_BODY =
  'The Ellis river dam opened all six floodgates on Monday after three days of heavy rain filled the reservoir. ' +
  'Marta Kowalczyk, the engineer in charge of the dam, said the floodgates would stay open until the level fell ' +
  'by two metres. The council of Port Ellis moved two hundred residents of the lower quays to the school hall, ' +
  'and Marta Kowalczyk asked farmers downstream to bring their cattle to higher fields before the evening.';

const GLACIER_BODY =
  'Scientists at the Mount Arvel Observatory said the Tarn glacier lost eleven metres of ice over the winter, the ' +
  'largest retreat since measurements began. Jonas Lindqvist, who leads the survey, said melt water now reaches ' +
  'the valley two weeks earlier than a decade ago. The Mount Arvel Observatory will place new sensors on the ice.';

/** Minimal RFC 4180 reading: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted) {
      field += c;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      records.push([...record, field]);
      record = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  return records;
}

/**
 * `export stories` and the content of `export articles`, on articles that went through the real pipeline: what
 * they export is held to what the query API shows of the same stories and articles.
 */
describe('export stories, and articles with their content', () => {
  let env: TestEnvironment;
  let stack: Stack;
  let db: DataSource;
  let outDir: string;
  const ids: Record<string, string> = {};
  const views: Record<string, any> = {};

  const cli = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        ['--require', join(ROOT, 'test', 'support', 'ts-register.cjs'), join(ROOT, 'tools', 'cli', 'main.ts'), ...args],
        { cwd: ROOT, env: { ...process.env, DATABASE_URL: env.config.DATABASE_URL }, maxBuffer: 16 << 20 },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });
  const collect = async <T>(records: AsyncIterable<T>) => {
    const all: T[] = [];
    for await (const r of records) all.push(r);
    return all;
  };

  beforeAll(async () => {
    env = await createTestEnvironment('cli_export_content');
    stack = await Stack.start(env.config, ['normalize', 'dedupe', 'entities']);
    db = await createDataSource({ url: env.config.DATABASE_URL, poolSize: 2 }).initialize();
    outDir = await mkdtemp(join(tmpdir(), 'storyline-export-'));
    const post = async (key: string, body: Record<string, unknown>) => {
      const res = await stack.postArticle({ externalId: key, language: 'en', ...body });
      expect(res.status).toBe(202);
      ids[key] = res.body.id;
    };
    await post('dam', {
      source: 'harbour-wire',
      title: 'Ellis river dam opens every floodgate, "for now"',
      body: DAM_BODY,
      publishedAt: '2031-03-03T10:00:00Z',
    });
    await stack.waitForArticles([ids.dam]);
    await post('dam-copy', { source: 'coast-gazette', title: 'Ellis river dam opens every floodgate', body: DAM_BODY });
    await post('glacier', { source: 'glacier-times', title: 'Tarn glacier loses eleven metres', body: GLACIER_BODY });
    const final = await stack.waitForArticles(Object.values(ids));
    Object.keys(ids).forEach((k, i) => (views[k] = final[i]));
  });

  afterAll(async () => {
    await stack?.stop();
    await db?.destroy();
    await env?.teardown();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('brings the articles to done: the copy in its canonical story, the glacier in its own', () => {
    for (const [k, v] of Object.entries(views)) expect([k, v.status]).toEqual([k, 'done']);
    expect(views['dam-copy'].canonicalId).toBe(ids.dam);
    expect(views.glacier.storyId).not.toBe(views.dam.storyId);
  });

  it('exports each article with its title, text, story, entities and dates saying where they came from', async () => {
    const exported = new Map((await collect(exportArticles(db, 2))).map((a) => [a.id, a] as const));
    expect(exported.size).toBe(3);
    for (const [key, view] of Object.entries(views)) {
      const a = exported.get(view.id) as ExportedArticle;
      expect([key, a]).toEqual([
        key,
        expect.objectContaining({
          externalId: key,
          title: view.normalized.title,
          text: view.normalized.text,
          language: 'en',
          storyId: view.storyId,
          canonicalId: view.canonicalId,
          publishedAt: view.normalized.publishedAt && new Date(view.normalized.publishedAt).toISOString(),
          receivedAt: new Date(view.stages.receivedAt).toISOString(),
        }),
      ]);
      // The entities the article view lists, once each, with their mentions counted.
      const counts = new Map<string, number>();
      for (const m of view.entities) counts.set(m.entityId, (counts.get(m.entityId) ?? 0) + 1);
      expect([key, new Map(a.entities.map((e) => [e.id, e.mentions]))]).toEqual([key, counts]);
    }
    expect(exported.get(ids.dam)!.entities.length).toBeGreaterThan(0);
    expect(exported.get(ids.dam)!.publishedFrom).toBe('declared');
    // Posted without a date and none in its text: the receive time, said so.
    expect(exported.get(ids.glacier)).toMatchObject({ publishedFrom: 'received' });
    expect(exported.get(ids['dam-copy'])).toMatchObject({ jaccard: expect.any(Number), source: 'coast-gazette' });
  });

  it('exports each live story as the API shows it, with its top entities and the articles that mention them', async () => {
    const stories = await collect(exportStories(db, 1));
    expect(stories.map((s) => s.id).sort()).toEqual([views.dam.storyId, views.glacier.storyId].sort());
    for (const s of stories) {
      const view = await stack.get(`/v1/stories/${s.id}`);
      expect(s).toMatchObject({
        title: view.title,
        version: view.version,
        articleCount: view.articleCount,
        sources: view.sources,
        firstSeenAt: view.firstSeenAt,
        lastSeenAt: view.lastSeenAt,
        updatedAt: view.updatedAt,
      });
      expect(s.topEntities.map((e) => e.id)).toEqual(view.entities.slice(0, 10).map((e: { id: string }) => e.id));
      const articleViews = await Promise.all(
        view.articles.map((a: { id: string }) => stack.get(`/v1/articles/${a.id}`)),
      );
      for (const e of s.topEntities) {
        const naming = articleViews
          .filter((a) => a.entities.some((m: { entityId: string }) => m.entityId === e.id))
          .map((a) => a.id)
          .sort();
        expect([e.name, e.articleIds]).toEqual([e.name, naming]);
      }
    }
    const dam = stories.find((s) => s.id === views.dam.storyId) as ExportedStory;
    expect(dam.articleCount).toBe(2);
    expect(dam.topEntities.some((e) => e.articleIds.length === 2)).toBe(true);
  });

  it('writes CSV with a header, quoting what needs it, and JSON Lines, from the command line', async () => {
    const file = join(outDir, 'stories.csv');
    const csv = await cli('export', 'stories', '--format', 'csv', '--out', file);
    expect([csv.code, csv.stderr]).toEqual([0, `exported 2 stories to ${file}\n`]);
    const [header, ...rows] = parseCsv(await readFile(file, 'utf8'));
    expect(header).toEqual([
      'id',
      'title',
      'version',
      'articleCount',
      'sources',
      'firstSeenAt',
      'lastSeenAt',
      'updatedAt',
      'topEntities',
    ]);
    const dam = rows.find((r) => r[0] === views.dam.storyId)!;
    expect(JSON.parse(dam[4])).toEqual(['coast-gazette', 'harbour-wire']);
    expect(JSON.parse(dam[8]).length).toBeGreaterThan(0);

    const articles = await cli('export', 'articles', '--format', 'csv');
    expect(articles.code).toBe(0);
    const [articleHeader, ...articleRows] = parseCsv(articles.stdout);
    expect(articleRows).toHaveLength(3);
    const damArticle = articleRows.find((r) => r[0] === ids.dam)!;
    expect(damArticle[articleHeader.indexOf('title')]).toBe(views.dam.normalized.title);
    expect(damArticle[articleHeader.indexOf('text')]).toBe(views.dam.normalized.text);

    const jsonl = await cli('export', 'stories');
    expect(
      jsonl.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual(rows.map((r) => r[0]));
  });

  it('refuses an unknown format or thing to export', async () => {
    const format = await cli('export', 'stories', '--format', 'xml');
    expect(format.code).not.toBe(0);
    expect(format.stderr).toContain('jsonl, csv');
    const what = await cli('export', 'entities');
    expect(what.code).not.toBe(0);
    expect(what.stderr).toContain('export stories');
  });
});
