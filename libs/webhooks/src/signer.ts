// Signs outgoing webhook requests per Standard Webhooks using the reference `standardwebhooks` library, so
// our signatures are byte-for-byte what every consumer-side verifier computes.
//
// Rotation: while an old secret is in its grace period we sign with *every* active secret and send the
// signatures space-separated ("v1,<a> v1,<b>"). Verifiers accept the request if any one matches, so a
// consumer can switch secrets at any moment during the grace period without dropping a single event.
//
// Sign once per *attempt*, not once per event: `webhook-id` must stay the same across retries (consumers
// deduplicate on it) but `webhook-timestamp` must be fresh, because verifiers reject timestamps older than
// 5 minutes and retries happen hours later.
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { assertValidWebhookSecret } from './secret';

export const DEFAULT_WEBHOOK_USER_AGENT = 'Storyline-Webhooks/1.0';

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
  'content-type': 'application/json';
  'user-agent': string;
  [header: string]: string;
}

export interface SignWebhookInput {
  /** Stable message id (the event id); the same for every retry of the same event. */
  msgId: string;
  /** The exact bytes that will be sent as the request body. Sign the string you send; never re-serialize. */
  payload: string;
  /** Active secrets, newest first. Two during a rotation grace period, otherwise one. */
  secrets: readonly string[];
  /** Attempt time; defaults to now. Only whole seconds are signed. */
  timestamp?: Date;
  userAgent?: string;
}

// Header-safe and unambiguous inside the signed content "<id>.<ts>.<payload>" — Svix ids are "msg_<ksuid>".
const MSG_ID_RE = /^[A-Za-z0-9_.:-]{1,255}$/;

/** A fresh message id in Svix's style. Prefer the event's own id so redeliveries reuse it. */
export function generateMessageId(): string {
  return `msg_${randomUUID().replace(/-/g, '')}`;
}

/** Signs `payload` with each secret and returns the value for the `webhook-signature` header. */
export function signatureHeader(msgId: string, timestamp: Date, payload: string, secrets: readonly string[]): string {
  if (!MSG_ID_RE.test(msgId)) {
    throw new Error('webhook msgId must be 1–255 characters of [A-Za-z0-9_.:-]');
  }
  if (secrets.length === 0) throw new Error('at least one webhook secret is required to sign');
  const unique = [...new Set(secrets)];
  return unique
    .map((secret) => {
      assertValidWebhookSecret(secret);
      return new Webhook(secret).sign(msgId, timestamp, payload);
    })
    .join(' ');
}

/** Produces the complete header set for one delivery attempt. */
export function signWebhook(input: SignWebhookInput): WebhookHeaders {
  const timestamp = input.timestamp ?? new Date();
  if (Number.isNaN(timestamp.getTime())) throw new Error('invalid webhook timestamp');
  return {
    'webhook-id': input.msgId,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': signatureHeader(input.msgId, timestamp, input.payload, input.secrets),
    'content-type': 'application/json',
    'user-agent': input.userAgent ?? DEFAULT_WEBHOOK_USER_AGENT,
  };
}
