import { createHash } from 'node:crypto';
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

/** `attempt` is 1-based; a job for an attempt that already happened is a no-op, so re-queueing is safe. */
export const DeliverWebhookPayload = z.object({ deliveryId: z.uuid(), attempt: z.number().int().positive() });
export type DeliverWebhookPayload = z.infer<typeof DeliverWebhookPayload>;

export const DeliverEventPayload = z.object({ eventId: z.uuid() });
export type DeliverEventPayload = z.infer<typeof DeliverEventPayload>;

/** `url` is the canonical URL the article is keyed by (page_fetch.url_key): the job's id derives from it. */
export const FetchArticlePayload = z.object({ articleId: z.uuid(), url: z.url({ protocol: /^https?$/ }) });
export type FetchArticlePayload = z.infer<typeof FetchArticlePayload>;

/** `due` is the poll's scheduled moment (epoch ms): one poll per feed and moment, however many schedulers see it. */
export const PollFeedPayload = z.object({ feedId: z.uuid(), due: z.number().int().nonnegative() });
export type PollFeedPayload = z.infer<typeof PollFeedPayload>;

export interface JobPayloads {
  [JobName.NormalizeArticle]: ArticleJobPayload;
  [JobName.DedupeArticle]: ArticleJobPayload;
  [JobName.ExtractEntities]: ArticleJobPayload;
  [JobName.RelayOutbox]: RelayOutboxPayload;
  [JobName.DeliverWebhook]: DeliverWebhookPayload;
  [JobName.DeliverEvent]: DeliverEventPayload;
  [JobName.FetchArticle]: FetchArticlePayload;
  [JobName.PollFeed]: PollFeedPayload;
}

export const JOB_SCHEMAS: { [K in JobName]: z.ZodType<JobPayloads[K]> } = {
  [JobName.NormalizeArticle]: ArticleJobPayload,
  [JobName.DedupeArticle]: ArticleJobPayload,
  [JobName.ExtractEntities]: ArticleJobPayload,
  [JobName.RelayOutbox]: RelayOutboxPayload,
  [JobName.DeliverWebhook]: DeliverWebhookPayload,
  [JobName.DeliverEvent]: DeliverEventPayload,
  [JobName.FetchArticle]: FetchArticlePayload,
  [JobName.PollFeed]: PollFeedPayload,
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
      return `${name}.${(payload as DeliverWebhookPayload).deliveryId}.a${(payload as DeliverWebhookPayload).attempt}`;
    case JobName.DeliverEvent:
      return `${name}.${(payload as DeliverEventPayload).eventId}`;
    case JobName.FetchArticle:
      // A URL can be longer than a Redis key should be, and hold ':': its digest stands for it.
      return `${name}.${createHash('sha256')
        .update((payload as FetchArticlePayload).url)
        .digest('base64url')}`;
    case JobName.PollFeed:
      return `${name}.${(payload as PollFeedPayload).feedId}.t${(payload as PollFeedPayload).due}`;
    case JobName.RelayOutbox:
      // Not an id: a relay must be able to run again right after the last one. Pending relays are
      // collapsed with BullMQ's deduplication option instead (see StoryEvents.nudge).
      return undefined;
    default:
      return undefined;
  }
}
