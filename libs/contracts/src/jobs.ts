import { z } from 'zod';
import { JobName } from './queues';

/**
 * Payloads carry ids only: Postgres is the source of truth, so a job never holds a stale copy of an article.
 * `revision` increases when an article is re-normalized; it is part of the job id so a re-run is new work
 * while a duplicate enqueue of the same revision is dropped by BullMQ.
 */
export const ArticleJobPayload = z.object({
  articleId: z.uuid(),
  revision: z.number().int().min(0),
});
export type ArticleJobPayload = z.infer<typeof ArticleJobPayload>;

export const RelayOutboxPayload = z.object({ reason: z.string().max(200) });
export type RelayOutboxPayload = z.infer<typeof RelayOutboxPayload>;

export const DeliverWebhookPayload = z.object({ deliveryId: z.uuid() });
export type DeliverWebhookPayload = z.infer<typeof DeliverWebhookPayload>;

export interface JobPayloads {
  [JobName.NormalizeArticle]: ArticleJobPayload;
  [JobName.DedupeArticle]: ArticleJobPayload;
  [JobName.ExtractEntities]: ArticleJobPayload;
  [JobName.RelayOutbox]: RelayOutboxPayload;
  [JobName.DeliverWebhook]: DeliverWebhookPayload;
}

export const JOB_SCHEMAS: { [K in JobName]: z.ZodType<JobPayloads[K]> } = {
  [JobName.NormalizeArticle]: ArticleJobPayload,
  [JobName.DedupeArticle]: ArticleJobPayload,
  [JobName.ExtractEntities]: ArticleJobPayload,
  [JobName.RelayOutbox]: RelayOutboxPayload,
  [JobName.DeliverWebhook]: DeliverWebhookPayload,
};

/**
 * Job ids derived from the work itself, so queueing the same work twice is a no-op in BullMQ.
 * BullMQ rejects custom ids containing ':' (it uses ':' in its Redis keys), hence '.' as separator.
 */
export function jobIdFor<K extends JobName>(name: K, payload: JobPayloads[K]): string | undefined {
  switch (name) {
    case JobName.NormalizeArticle:
    case JobName.DedupeArticle:
    case JobName.ExtractEntities: {
      const p = payload as ArticleJobPayload;
      return `${name}.${p.articleId}.r${p.revision}`;
    }
    case JobName.DeliverWebhook:
      return `${name}.${(payload as DeliverWebhookPayload).deliveryId}`;
    case JobName.RelayOutbox:
      // One pending relay at a time is enough: the relay drains everything that is due when it runs.
      return undefined;
    default:
      return undefined;
  }
}
