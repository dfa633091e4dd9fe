import { z } from 'zod';

export const EventStream = z.string().meta({
  id: 'EventStream',
  description:
    'Server-Sent Events: each message has id (the cursor to resume from), event (the type) and data (a WebhookEventV1, as webhooks send it); comments keep the connection alive',
});
