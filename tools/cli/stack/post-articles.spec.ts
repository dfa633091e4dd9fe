import { ArticleRecord, RecordError } from '../input/article-records';
import { BatchItemResult } from './ingest-client';
import { postArticles } from './post-articles';

async function* items(n: number): AsyncGenerator<ArticleRecord | RecordError> {
  for (let i = 0; i < n; i++) {
    if (i === 2) yield { origin: `f:${i}`, error: 'invalid JSON' };
    else yield { article: { externalId: `e${i}`, body: 'x' }, fields: {}, origin: `f:${i}` };
  }
}

describe('postArticles', () => {
  it('posts in batches, in order, and counts accepted, known and rejected articles', async () => {
    const batches: string[][] = [];
    const client = {
      async postBatch(articles: readonly Record<string, unknown>[]): Promise<BatchItemResult[]> {
        batches.push(articles.map((a) => a.externalId as string));
        return articles.map((a, index) =>
          a.externalId === 'e4'
            ? { index, error: { title: 'Invalid article', errors: [{ path: 'body', message: 'too long' }] } }
            : { index, id: `id-${a.externalId}`, status: 'received', duplicate: a.externalId === 'e0' },
        );
      },
    };
    const posted: string[] = [];
    const summary = await postArticles(items(6), client, {
      batchSize: 2,
      onPosted: (record, id) => posted.push(`${record.origin}=${id}`),
    });
    expect(batches).toEqual([['e0', 'e1'], ['e3', 'e4'], ['e5']]);
    expect(summary.accepted).toBe(3);
    expect(summary.duplicate).toBe(1);
    expect(summary.rejected).toEqual([
      { origin: 'f:2', error: 'invalid JSON' },
      { origin: 'f:4', error: 'Invalid article; body: too long' },
    ]);
    expect(posted).toEqual(['f:0=id-e0', 'f:1=id-e1', 'f:3=id-e3', 'f:5=id-e5']);
  });
});
