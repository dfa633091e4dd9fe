import { DataSource } from 'typeorm';
import { createDataSource } from '@storyline/database';
import { exportArticles } from '../../tools/cli/stack/article-export';
import { Stack } from '../support/stack';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

/** `export articles` against real Postgres: every article once, in the order it was posted, page after page. */
describe('export articles', () => {
  let env: TestEnvironment;
  let stack: Stack;
  let db: DataSource;

  beforeAll(async () => {
    env = await createTestEnvironment('cli_export');
    stack = await Stack.start(env.config, []);
    db = await createDataSource({ url: env.config.DATABASE_URL, poolSize: 2 }).initialize();
  });

  afterAll(async () => {
    await stack?.stop();
    await db?.destroy();
    await env?.teardown();
  });

  it('writes each article once, in posting order, however many share one receive time', async () => {
    // One batch: one transaction, so every article has the same received_at (to the microsecond).
    const keys = Array.from({ length: 7 }, (_, i) => `k-${(i * 5) % 7}`);
    const res = await fetch(`${stack.ingestUrl}/v1/articles/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        articles: keys.map((externalId) => ({ source: 'export', externalId, body: `Article ${externalId}.` })),
      }),
    });
    expect(res.status).toBe(202);
    const { results } = (await res.json()) as { results: Array<{ id: string }> };
    const exported = [];
    for await (const article of exportArticles(db, 3)) exported.push(article);
    expect(exported.map((a) => a.externalId)).toEqual(keys);
    // Not normalized yet: no title, text or publication time, no entities.
    expect(exported[0]).toEqual({
      id: results[0].id,
      externalId: keys[0],
      source: 'export',
      url: null,
      status: 'received',
      title: null,
      text: null,
      language: null,
      storyId: null,
      canonicalId: null,
      jaccard: null,
      containment: null,
      publishedAt: null,
      publishedFrom: null,
      receivedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      entities: [],
    });
  });
});
