import { DataSource } from 'typeorm';
import { createDataSource } from '@storyline/database';
import { PipelineQueue, RenormalizeArticles } from '@storyline/pipeline';
import { Stack } from '../support/stack';
import { createTestEnvironment, TestEnvironment, waitUntil } from '../support/test-environment';

const TITLE = 'Harbour cranes idle as dock workers walk out';
const PARAGRAPHS = [
  'Dock workers walked out at dawn on Tuesday, leaving the harbour cranes idle for the first time in a decade.',
  'The union said the strike would last until the port authority reopened talks on night-shift pay.',
];
const LINE_ENDS: Record<string, string> = { LF: '\n', CRLF: '\r\n', CR: '\r', 'U+2028': '\u2028' };

/**
 * A text/plain article is its title line and a body, whatever ends its lines: intake and every normalization read it
 * with one split (splitPlainTextArticle). Normalization re-split the stored text on LF alone, so a CR-only or U+2028
 * article kept its title and lost its whole body (#24).
 */
describe('text/plain articles with any line ends', () => {
  let env: TestEnvironment;
  let stack: Stack;
  let db: DataSource;
  let producer: PipelineQueue;

  beforeAll(async () => {
    env = await createTestEnvironment('plain_text');
    stack = await Stack.start(env.config, ['normalize']);
    db = await createDataSource({ url: env.config.DATABASE_URL, poolSize: 2 }).initialize();
    producer = new PipelineQueue(env.config);
  });

  afterAll(async () => {
    await stack?.stop();
    await producer?.client.close();
    await db?.destroy();
    await env?.teardown();
  });

  const normalized = async (ids: string[], revision: number) => {
    await waitUntil(
      async () => {
        const [{ n }] = await db.query(
          `SELECT count(*)::int AS n FROM article WHERE id = ANY($1) AND status = 'normalized' AND revision = $2`,
          [ids, revision],
        );
        return n === ids.length;
      },
      { what: `revision ${revision} of the articles to be normalized` },
    );
    const rows: { id: string; title: string; text: string }[] = await db.query(
      `SELECT id, title, text FROM article WHERE id = ANY($1)`,
      [ids],
    );
    return Object.fromEntries(
      Object.entries(LINE_ENDS).map(([name], i) => {
        const row = rows.find((r) => r.id === ids[i])!;
        return [name, { title: row.title, text: row.text }];
      }),
    );
  };

  it('keeps the body of LF, CRLF, CR and U+2028 articles, at intake and on re-normalization', async () => {
    const ids: string[] = [];
    for (const [name, eol] of Object.entries(LINE_ENDS)) {
      const res = await fetch(`${stack.ingestUrl}/v1/articles?source=feed&externalId=${encodeURIComponent(name)}`, {
        method: 'POST',
        body: [TITLE, '', PARAGRAPHS[0], '', PARAGRAPHS[1]].join(eol),
        headers: { 'content-type': 'text/plain' },
      });
      expect(res.status).toBe(202);
      ids.push(((await res.json()) as { id: string }).id);
    }
    const expected = Object.fromEntries(
      Object.keys(LINE_ENDS).map((name) => [name, { title: TITLE, text: PARAGRAPHS.join('\n\n') }]),
    );
    expect(await normalized(ids, 0)).toEqual(expected);

    await new RenormalizeArticles(db, producer).execute({ ids });
    expect(await normalized(ids, 1)).toEqual(expected);
  });
});
