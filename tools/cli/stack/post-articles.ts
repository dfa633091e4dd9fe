import { ArticleRecord, RecordError } from '../input/article-records';
import { Progress } from '../progress';
import { IngestClient } from './ingest-client';

export interface PostSummary {
  accepted: number;
  duplicate: number;
  rejected: RecordError[];
}

export interface PostOptions {
  batchSize: number;
  progress?: Progress;
  /** Called for every article the service recorded (now or earlier), with its id. */
  onPosted?(record: ArticleRecord, id: string, duplicate: boolean): void;
}

/** Posts the records in batches, in order, and counts what the service did with each. */
export async function postArticles(
  records: AsyncIterable<ArticleRecord | RecordError>,
  client: Pick<IngestClient, 'postBatch'>,
  { batchSize, progress, onPosted }: PostOptions,
): Promise<PostSummary> {
  const summary: PostSummary = { accepted: 0, duplicate: 0, rejected: [] };
  let done = 0;
  const report = () =>
    progress?.update(
      done,
      `accepted ${summary.accepted} · duplicate ${summary.duplicate} · rejected ${summary.rejected.length}`,
    );
  const flush = async (batch: ArticleRecord[]) => {
    if (batch.length === 0) return;
    const results = await client.postBatch(batch.map((r) => r.article));
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
  for await (const item of records) {
    if ('error' in item) {
      summary.rejected.push(item);
      done++;
      continue;
    }
    batch.push(item);
    if (batch.length >= batchSize) {
      await flush(batch);
      batch = [];
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
