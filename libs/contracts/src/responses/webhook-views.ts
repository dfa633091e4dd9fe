import { z } from 'zod';
import { ALL_EVENT_TYPES } from '../events';
import { itemList, Timestamp } from './page';

export const WebhookSubscription = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string().nullable(),
    eventTypes: z.array(z.enum(ALL_EVENT_TYPES)),
    filters: z.object({ entityIds: z.array(z.uuid()).optional(), sources: z.array(z.string()).optional() }),
    status: z.enum(['active', 'paused', 'disabled']),
    disabledReason: z.string().nullable().describe('why delivery stopped on its own (disabled)'),
    failingSince: Timestamp.nullable(),
    secretCount: z.number().int().describe('secrets signing now: more than one during a rotation'),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'WebhookSubscription', description: 'a subscription; its secrets are never shown again' });

export const WebhookSubscriptionList = itemList(
  WebhookSubscription,
  'WebhookSubscriptionList',
  'every subscription, oldest first',
);

export const CreatedWebhookSubscription = WebhookSubscription.extend({
  secret: z.string().describe('the signing secret (whsec_…), shown only in this response'),
}).meta({ id: 'CreatedWebhookSubscription', description: 'a new subscription with its signing secret' });

export const RotatedWebhookSecret = z
  .object({
    secret: z.string().describe('the new signing secret, shown only in this response'),
    previousSecretsValidUntil: z.array(Timestamp.nullable()).describe('when each previous secret still signing stops'),
  })
  .meta({ id: 'RotatedWebhookSecret', description: 'the new secret; the previous ones sign until their time' });

export const WebhookTestSent = z
  .object({ eventId: z.uuid(), deliveryId: z.uuid() })
  .meta({ id: 'WebhookTestSent', description: 'the test event queued for this subscription' });

export const WebhookDelivery = z
  .object({
    id: z.uuid(),
    eventId: z.uuid(),
    type: z.enum(ALL_EVENT_TYPES),
    storyId: z.uuid().nullable(),
    storyVersion: z.number().int().nullable(),
    status: z.enum(['pending', 'delivered', 'failed', 'cancelled']),
    attemptCount: z.number().int(),
    nextAttemptAt: Timestamp.nullable(),
    deliveredAt: Timestamp.nullable(),
    lastError: z.string().nullable(),
    createdAt: Timestamp,
    attempts: z.array(
      z.object({
        at: Timestamp,
        statusCode: z.number().int().nullable(),
        latencyMs: z.number().int().nullable(),
        response: z.string().nullable().describe('the first 1 KB of the response body'),
        error: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'WebhookDelivery', description: 'one event to one subscription, with every attempt' });

export const WebhookDeliveryList = itemList(WebhookDelivery, 'WebhookDeliveryList', 'deliveries, newest first');

export const WebhookRedelivery = z
  .object({ redelivered: z.number().int().describe('deliveries queued again') })
  .meta({ id: 'WebhookRedelivery', description: 'how many deliveries were queued again' });
