import { z } from 'zod';
import { ALL_EVENT_TYPES, STORY_EVENT_TYPES } from './events';

const filters = z
  .object({
    entityIds: z.array(z.uuid()).max(100).optional(),
    sources: z.array(z.string().min(1).max(200)).max(100).optional(),
  })
  .strict();

/** A subscription as a consumer creates it; the server generates the signing secret and shows it once. */
export const WebhookSubscriptionInput = z
  .object({
    url: z.url({ protocol: /^https?$/ }).max(2048),
    description: z.string().max(500).optional(),
    eventTypes: z
      .array(z.enum(ALL_EVENT_TYPES as [string, ...string[]]))
      .min(1)
      .default([...STORY_EVENT_TYPES]),
    filters: filters.default({}),
  })
  .strict();
export type WebhookSubscriptionInput = z.infer<typeof WebhookSubscriptionInput>;

export const WebhookSubscriptionUpdate = z
  .object({
    url: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional(),
    description: z.string().max(500).nullable().optional(),
    eventTypes: z
      .array(z.enum(ALL_EVENT_TYPES as [string, ...string[]]))
      .min(1)
      .optional(),
    filters: filters.optional(),
  })
  .strict();
export type WebhookSubscriptionUpdate = z.infer<typeof WebhookSubscriptionUpdate>;
