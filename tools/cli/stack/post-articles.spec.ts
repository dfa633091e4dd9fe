import { ArticleRecord, RecordError } from '../input/article-records';
import { BatchItemResult, PayloadTooLargeError } from './ingest-client';
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

  it('cuts batches by size too, and halves a batch the service finds too large', async () => {
    const batches: string[][] = [];
    const client = {
      async postBatch(articles: readonly Record<string, unknown>[]): Promise<BatchItemResult[]> {
        // This service takes at most two articles per request, and never e5.
        if (articles.length > 2 || articles.some((a) => a.externalId === 'e5')) throw new PayloadTooLargeError('413');
        batches.push(articles.map((a) => a.externalId as string));
        return articles.map((a, index) => ({ index, id: `id-${a.externalId}`, status: 'received', duplicate: false }));
      },
    };
    const article = (i: number) => ({ externalId: `e${i}`, body: 'x'.repeat(100) });
    const bytes = Buffer.byteLength(JSON.stringify(article(0))) + 1;
    async function* records(): AsyncGenerator<ArticleRecord> {
      for (let i = 0; i < 7; i++) yield { article: article(i), fields: {}, origin: `f:${i}` };
    }
    const summary = await postArticles(records(), client, { batchSize: 100, maxBatchBytes: 5 * bytes });
    expect(batches).toEqual([['e0', 'e1'], ['e2'], ['e3', 'e4'], ['e6']]);
    expect(summary).toEqual({
      accepted: 6,
      duplicate: 0,
      rejected: [{ origin: 'f:5', error: 'too large for one request to the ingest service' }],
    });
  });
});
