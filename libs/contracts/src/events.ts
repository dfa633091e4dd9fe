import { z } from 'zod';

/**
 * Webhook events, versioned. The envelope follows the Standard Webhooks payload shape
 * ({ type, timestamp, data }); `id` is also sent as `webhook-id` and stays the same across retries.
 */
export const WEBHOOK_EVENT_SCHEMA_VERSION = 1;

export enum StoryEventType {
  Created = 'story.created',
  Updated = 'story.updated',
  Merged = 'story.merged',
  ArticleFailed = 'article.failed',
}
export const STORY_EVENT_TYPES = [StoryEventType.Created, StoryEventType.Updated, StoryEventType.Merged] as const;
export const ALL_EVENT_TYPES = Object.values(StoryEventType);

export const StoryEntityV1 = z.object({
  id: z.uuid(),
  name: z.string(),
  type: z.enum(['PERSON', 'ORGANIZATION', 'LOCATION']),
  salience: z.number(),
  mentions: z.number().int(),
});

export const StoryArticleV1 = z.object({
  id: z.uuid(),
  title: z.string().nullable(),
  source: z.string().nullable(),
  url: z.string().nullable(),
  publishedAt: z.string().nullable(),
  canonicalId: z.uuid().nullable().describe('set when this article is a syndicated copy of another'),
});

export const StorySnapshotV1 = z.object({
  id: z.uuid(),
  version: z.number().int().positive().describe('monotonic per story: a consumer keeps the highest it has seen'),
  title: z.string().nullable(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  articleCount: z.number().int(),
  sources: z.array(z.string()),
  entities: z.array(StoryEntityV1),
  articles: z.array(StoryArticleV1),
});
export type StorySnapshotV1 = z.infer<typeof StorySnapshotV1>;

const envelope = <T extends z.ZodTypeAny, E extends StoryEventType>(type: E, data: T) =>
  z.object({
    id: z.string().describe('event id, equal to the webhook-id header'),
    type: z.literal(type),
    schemaVersion: z.literal(WEBHOOK_EVENT_SCHEMA_VERSION),
    timestamp: z.string(),
    data,
  });

export const StoryCreatedEventV1 = envelope(StoryEventType.Created, StorySnapshotV1);
export const StoryUpdatedEventV1 = envelope(StoryEventType.Updated, StorySnapshotV1);
export const StoryMergedEventV1 = envelope(
  StoryEventType.Merged,
  z.object({ story: StorySnapshotV1, mergedStoryIds: z.array(z.uuid()).min(1) }),
);
export const ArticleFailedEventV1 = envelope(
  StoryEventType.ArticleFailed,
  z.object({ articleId: z.uuid(), stage: z.string(), error: z.string() }),
);

export const WebhookEventV1 = z.discriminatedUnion('type', [
  StoryCreatedEventV1,
  StoryUpdatedEventV1,
  StoryMergedEventV1,
  ArticleFailedEventV1,
]);
export type WebhookEventV1 = z.infer<typeof WebhookEventV1>;

/** JSON Schema of the event catalogue, published in OpenAPI and the README. */
export function webhookEventJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(WebhookEventV1, { target: 'draft-2020-12' }) as Record<string, unknown>;
}
