import { ArticleRecord, RecordError } from '../input/article-records';
import { Progress } from '../progress';
import { IngestClient, PayloadTooLargeError } from './ingest-client';

export interface PostSummary {
  accepted: number;
  duplicate: number;
  rejected: RecordError[];
}

export interface PostOptions {
  batchSize: number;
  /**
   * Most bytes of articles (as JSON) per request: well under the service's 64 MB body limit, so a batch of
   * large HTML pages is split by size, not only by count.
   */
  maxBatchBytes?: number;
  /** Filled in as articles are posted, so that a caller can report how far an interrupted run got. */
  summary?: PostSummary;
  progress?: Progress;
  /** Called for every article the service recorded (now or earlier), with its id. */
  onPosted?(record: ArticleRecord, id: string, duplicate: boolean): void;
}

export const MAX_BATCH_BYTES = 16 * 1024 * 1024;

/** Posts the records in batches, in order, and counts what the service did with each. */
export async function postArticles(
  records: AsyncIterable<ArticleRecord | RecordError>,
  client: Pick<IngestClient, 'postBatch'>,
  {
    batchSize,
    maxBatchBytes = MAX_BATCH_BYTES,
    progress,
    onPosted,
    summary = { accepted: 0, duplicate: 0, rejected: [] },
  }: PostOptions,
): Promise<PostSummary> {
  let done = 0;
  const report = () =>
    progress?.update(
      done,
      `accepted ${summary.accepted} · duplicate ${summary.duplicate} · rejected ${summary.rejected.length}`,
    );
  const flush = async (batch: ArticleRecord[]): Promise<void> => {
    if (batch.length === 0) return;
    let results;
    try {
      results = await client.postBatch(batch.map((r) => r.article));
    } catch (error) {
      // Over the service's body limit after all (its limit may be lower than ours): halve until it fits.
      if (!(error instanceof PayloadTooLargeError)) throw error;
      if (batch.length === 1) {
        summary.rejected.push({ origin: batch[0].origin, error: 'too large for one request to the ingest service' });
        done++;
        report();
        return;
      }
      const half = Math.ceil(batch.length / 2);
      await flush(batch.slice(0, half));
      await flush(batch.slice(half));
      return;
    }
    for (const result of results) {
      const record = batch[result.index];
      if ('error' in result) {
        summary.rejected.push({ origin: record.origin, error: describeProblem(result.error) });
      } else {
        if (result.duplicate) summary.duplicate++;
        else summary.accepted++;
        onPosted?.(record, result.id, result.duplicate);
      }
    }
    done += batch.length;
    report();
  };

  let batch: ArticleRecord[] = [];
  let bytes = 0;
  for await (const item of records) {
    if ('error' in item) {
      summary.rejected.push(item);
      done++;
      continue;
    }
    const size = Buffer.byteLength(JSON.stringify(item.article)) + 1;
    if (batch.length > 0 && bytes + size > maxBatchBytes) {
      await flush(batch);
      [batch, bytes] = [[], 0];
    }
    batch.push(item);
    bytes += size;
    if (batch.length >= batchSize) {
      await flush(batch);
      [batch, bytes] = [[], 0];
    }
  }
  await flush(batch);
  progress?.stop();
  return summary;
}

/** A problem+json item error as one readable line: the title and each invalid field. */
function describeProblem(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const problem = error as { title?: string; detail?: string; errors?: { path?: string; message?: string }[] };
  const fields = (problem.errors ?? []).map((e) => `${e.path ?? '(article)'}: ${e.message ?? ''}`.trim());
  const text = [problem.title ?? problem.detail, ...fields].filter(Boolean).join('; ');
  return text || JSON.stringify(error).slice(0, 300);
}
