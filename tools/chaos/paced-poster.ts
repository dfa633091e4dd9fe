import { articleInput, BenchArticle } from '../bench/pipeline/corpus';
import { pacing } from '../bench/pipeline/poster';
import { IngestClient, IngestRequestError } from '../cli/stack/ingest-client';

/** How the corpus went in. */
export interface Posting {
  /** The id ingest gave each corpus article, by its index; empty where it was never accepted. */
  ids: string[];
  requests: number;
  /** Tries answered otherwise than 202, or failed on the network, by status (`network`); every one was retried. */
  retried: Record<string, number>;
  /** Items answered `duplicate`: stored by an earlier try whose answer was lost, which is as it should be. */
  duplicates: number;
  /** Items ingest refused (a per-item problem): none is expected. */
  rejected: { index: number; problem: string }[];
  seconds: number;
}

/** A 500 is retried too (the batch is idempotent by externalId), but only this often in a row before the run fails. */
const INTERNAL_ERROR_TRIES = 20;

/**
 * Posts the corpus in order, `rate` articles a second in small batches (one at a time: a batch waits for the one
 * before it, so arrival order is the corpus order in every run). A batch is retried until it is accepted — through
 * ingest's 503s, a connection cut by the chaos, even a 500, which is counted — so every article is accepted once.
 */
export async function postPaced(
  ingestUrl: string,
  articles: readonly BenchArticle[],
  rate: number,
  log: (line: string) => void,
): Promise<Posting> {
  const posting: Posting = { ids: [], requests: 0, retried: {}, duplicates: 0, rejected: [], seconds: 0 };
  const count = (reason: string) => {
    const key = /^\d{3}\b/.exec(reason)?.[0] ?? 'network';
    posting.retried[key] = (posting.retried[key] ?? 0) + 1;
    posting.requests++;
  };
  const client = new IngestClient({ url: ingestUrl, retryForMs: 30 * 60_000, onRetry: count });
  const { intervalMs, perTick } = pacing(rate);
  const start = Date.now();
  for (let i = 0, tick = 0; i < articles.length; i += perTick, tick++) {
    const wait = start + tick * intervalMs - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const batch = articles.slice(i, i + perTick);
    for (let tries = 1; ; tries++) {
      try {
        const results = await client.postBatch(batch.map(articleInput));
        posting.requests++;
        for (const result of results) {
          if ('error' in result)
            posting.rejected.push({ index: i + result.index, problem: JSON.stringify(result.error) });
          else {
            posting.ids[i + result.index] = result.id;
            if (result.duplicate) posting.duplicates++;
          }
        }
        break;
      } catch (error) {
        if (!(error instanceof IngestRequestError) || !/ 500:/.test(error.message) || tries >= INTERNAL_ERROR_TRIES) {
          throw error;
        }
        count('500');
        log(`ingest answered 500; posting the batch again: ${error.message.slice(0, 200)}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }
  posting.seconds = Math.round((Date.now() - start) / 100) / 10;
  return posting;
}
