// When to give up on an endpoint. Two triggers, as in Svix:
//   * the receiver answered 410 Gone — an explicit "stop sending";
//   * it has failed *continuously* for a period (default 5 days) — any success resets the clock.
// Disabling stops us hammering a dead endpoint forever (and stops its backlog growing without bound); the
// reason is stored so the subscriber can see why and re-enable after fixing it.
//
// Pure functions over the subscription's `failing_since` column: the worker updates that column with
// nextFailingSince() after every attempt, then asks endpointDisableDecision() whether to disable.
import type { DeliveryOutcome } from './deliver';
import { formatDuration } from './duration';

export const DEFAULT_DISABLE_AFTER_MS = 5 * 86_400_000;

export interface EndpointHealthInput {
  /** Start of the current unbroken run of failures (null: the endpoint is healthy). */
  failingSince: Date | null;
  now?: Date;
  /** How long an endpoint may fail continuously before it is disabled. Default 5 days. */
  disableAfterMs?: number;
  /** The attempt just made, if any: a 410 disables immediately. */
  lastOutcome?: Pick<DeliveryOutcome, 'classification' | 'statusCode' | 'error'> | null;
}

export type EndpointDisableDecision = { disable: false; reason: null } | { disable: true; reason: string };

export function endpointDisableDecision(input: EndpointHealthInput): EndpointDisableDecision {
  const disableAfterMs = input.disableAfterMs ?? DEFAULT_DISABLE_AFTER_MS;
  if (!Number.isFinite(disableAfterMs) || disableAfterMs < 0) throw new RangeError('disableAfterMs must be >= 0');
  const now = input.now ?? new Date();
  const last = input.lastOutcome;

  if (last?.classification === 'disable') {
    return { disable: true, reason: `endpoint returned ${last.statusCode ?? 410} Gone at ${now.toISOString()}` };
  }
  if (last?.classification === 'delivered' || input.failingSince === null) return { disable: false, reason: null };

  const failingForMs = now.getTime() - input.failingSince.getTime();
  if (failingForMs < disableAfterMs) return { disable: false, reason: null };
  const lastError = last?.error ? `; last error: ${last.error}` : '';
  return {
    disable: true,
    reason:
      `endpoint failing continuously since ${input.failingSince.toISOString()} ` +
      `(${formatDuration(failingForMs)}, limit ${formatDuration(disableAfterMs)})${lastError}`,
  };
}

/**
 * The new value for `failing_since` after an attempt: cleared by a delivery, started by the first failure,
 * kept by later ones. A refused (SSRF) attempt counts as a failure — the endpoint is unusable as configured.
 */
export function nextFailingSince(
  failingSince: Date | null,
  outcome: Pick<DeliveryOutcome, 'classification'>,
  now: Date = new Date(),
): Date | null {
  if (outcome.classification === 'delivered') return null;
  return failingSince ?? now;
}
