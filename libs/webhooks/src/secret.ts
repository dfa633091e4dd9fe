// Standard Webhooks secrets: "whsec_" + base64 of random bytes. The spec (and Svix) require 24–64 bytes of
// key material; 32 bytes (256 bits) matches the HMAC-SHA256 block security and is what Svix generates.
// The secret is shown to the subscriber exactly once, so the format must be something every Standard
// Webhooks library accepts verbatim: standard base64 *with* padding (the JS reference lib uses
// @stablelib/base64, which rejects unpadded or URL-safe input).
import { randomBytes } from 'node:crypto';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';
export const WEBHOOK_SECRET_MIN_BYTES = 24;
export const WEBHOOK_SECRET_MAX_BYTES = 64;
export const WEBHOOK_SECRET_DEFAULT_BYTES = 32;

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Generates a new secret from the OS CSPRNG. */
export function generateWebhookSecret(byteLength: number = WEBHOOK_SECRET_DEFAULT_BYTES): string {
  if (!Number.isInteger(byteLength) || byteLength < WEBHOOK_SECRET_MIN_BYTES || byteLength > WEBHOOK_SECRET_MAX_BYTES) {
    throw new RangeError(
      `webhook secret length must be an integer between ${WEBHOOK_SECRET_MIN_BYTES} and ${WEBHOOK_SECRET_MAX_BYTES} bytes`,
    );
  }
  return WEBHOOK_SECRET_PREFIX + randomBytes(byteLength).toString('base64');
}

/** Returns why a secret is malformed, or null when it is a valid Standard Webhooks secret. */
export function webhookSecretProblem(secret: unknown): string | null {
  if (typeof secret !== 'string') return 'secret must be a string';
  if (!secret.startsWith(WEBHOOK_SECRET_PREFIX)) return `secret must start with "${WEBHOOK_SECRET_PREFIX}"`;
  const encoded = secret.slice(WEBHOOK_SECRET_PREFIX.length);
  // Strict canonical base64: Buffer.from(..., 'base64') silently skips invalid characters, so check shape first.
  if (encoded.length === 0 || !BASE64_RE.test(encoded)) return 'secret must be standard, padded base64';
  const bytes = Buffer.from(encoded, 'base64').length;
  if (bytes < WEBHOOK_SECRET_MIN_BYTES || bytes > WEBHOOK_SECRET_MAX_BYTES) {
    return `secret must decode to ${WEBHOOK_SECRET_MIN_BYTES}–${WEBHOOK_SECRET_MAX_BYTES} bytes (got ${bytes})`;
  }
  return null;
}

export function isValidWebhookSecret(secret: unknown): secret is string {
  return webhookSecretProblem(secret) === null;
}

/** Throws a descriptive error (never echoing the secret itself) when the secret is malformed. */
export function assertValidWebhookSecret(secret: unknown): asserts secret is string {
  const problem = webhookSecretProblem(secret);
  if (problem) throw new Error(`invalid webhook secret: ${problem}`);
}
