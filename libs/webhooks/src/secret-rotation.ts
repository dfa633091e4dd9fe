// Secret rotation with a grace period. After a rotation the previous secret stays valid until its
// `expiresAt`, and every delivery in between carries both signatures (see signer.ts), so the subscriber can
// deploy the new secret whenever it suits them within the window. Shapes match the subscription's
// `secrets` jsonb column (SubscriptionSecret in @storyline/database) structurally, without importing it.
import { assertValidWebhookSecret, generateWebhookSecret } from './secret';

export const DEFAULT_ROTATION_GRACE_MS = 24 * 3_600_000;

export interface StoredSecret {
  secret: string;
  /** ISO timestamp. */
  createdAt: string;
  /** ISO timestamp after which the secret is no longer used; null for the current secret. */
  expiresAt: string | null;
}

const expired = (s: StoredSecret, now: Date) => s.expiresAt !== null && Date.parse(s.expiresAt) <= now.getTime();

/** Secrets to sign with right now, newest first (pass to signWebhook). */
export function activeSigningSecrets(secrets: readonly StoredSecret[], now: Date = new Date()): string[] {
  return secrets
    .filter((s) => !expired(s, now))
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
    .map((s) => s.secret);
}

export interface RotateOptions {
  now?: Date;
  /** How long previously active secrets stay valid. Default 24 h (Svix's). 0 revokes them immediately. */
  gracePeriodMs?: number;
  /** The new secret; generated when omitted. */
  newSecret?: string;
}

/**
 * Returns the new `secrets` list and the new secret (to show the subscriber once). Expired secrets are
 * dropped; still-active ones get an expiry of now + grace, never extending an earlier expiry — rotating
 * twice in a row must not resurrect a secret that was already on its way out.
 */
export function rotateSecrets(
  current: readonly StoredSecret[],
  options: RotateOptions = {},
): { secrets: StoredSecret[]; secret: string } {
  const now = options.now ?? new Date();
  const grace = options.gracePeriodMs ?? DEFAULT_ROTATION_GRACE_MS;
  if (!Number.isFinite(grace) || grace < 0) throw new RangeError('gracePeriodMs must be >= 0');
  const secret = options.newSecret ?? generateWebhookSecret();
  assertValidWebhookSecret(secret);
  const graceEnd = now.getTime() + grace;
  const kept = current
    .filter((s) => !expired(s, now) && grace > 0)
    .map((s) => {
      const expiry = s.expiresAt === null ? graceEnd : Math.min(Date.parse(s.expiresAt), graceEnd);
      return { ...s, expiresAt: new Date(expiry).toISOString() };
    });
  return { secret, secrets: [{ secret, createdAt: now.toISOString(), expiresAt: null }, ...kept] };
}
