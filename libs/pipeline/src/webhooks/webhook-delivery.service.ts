import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import { JobName } from '@storyline/contracts';
import type { SubscriptionSecret } from '@storyline/database';
import {
  activeSigningSecrets,
  deliverWebhook,
  DeliveryOutcome,
  endpointDisableDecision,
  nextAttemptDelay,
  nextFailingSince,
  parseDuration,
  parseRetrySchedule,
  signWebhook,
} from '@storyline/webhooks';
import { PipelineQueue } from '../queue/pipeline-queue';

interface DeliveryRow {
  id: string;
  subscription_id: string;
  event_id: string;
  story_id: string | null;
  story_version: number | null;
  status: string;
  attempt_count: number;
}

type Next = { kind: 'retry'; delayMs: number; attempt: number } | { kind: 'release-successor' } | { kind: 'none' };

/**
 * Makes one delivery attempt. The delivery row stays locked for the attempt, so two workers never send the
 * same attempt; per subscription, a story's events go out in version order (a later version waits while an
 * earlier one is pending, and is released when that one is delivered or gives up). Failures of the
 * receiver are outcomes, recorded and rescheduled on the configured schedule — not job errors; a failure of
 * our own (database) propagates so BullMQ retries the job.
 */
@Injectable()
export class WebhookDeliveries implements OnApplicationShutdown {
  private readonly schedule: number[];
  private readonly disableAfterMs: number;
  /**
   * Keep-alive connections: a subscriber receiving a burst is called over a few reused sockets instead of a
   * new TCP (and TLS) handshake per event. Every socket was opened through the SSRF guard's pinned lookup, so
   * reuse does not bypass it.
   */
  private readonly agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets: 16, timeout: 30_000 }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: 16, timeout: 30_000 }),
  };

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: PipelineQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(WebhookDeliveries.name);
    this.schedule = parseRetrySchedule(config.WEBHOOK_RETRY_SCHEDULE);
    this.disableAfterMs = parseDuration(config.WEBHOOK_DISABLE_AFTER);
  }

  async attempt(deliveryId: string, attempt: number): Promise<void> {
    const next = await this.db.transaction(async (tx): Promise<Next> => {
      const [delivery]: DeliveryRow[] = await tx.query(
        `SELECT id, subscription_id, event_id, story_id, story_version, status, attempt_count
           FROM webhook_delivery WHERE id = $1 FOR UPDATE SKIP LOCKED`,
        [deliveryId],
      );
      // Locked by another worker, already settled, or a stale job for an attempt that already happened.
      if (!delivery || delivery.status !== 'pending' || delivery.attempt_count !== attempt - 1) return { kind: 'none' };
      const [sub] = await tx.query(
        `SELECT id, url, secrets, status, failing_since FROM webhook_subscription WHERE id = $1`,
        [delivery.subscription_id],
      );
      if (!sub || sub.status === 'disabled') {
        await tx.query(`UPDATE webhook_delivery SET status = 'cancelled', next_attempt_at = NULL WHERE id = $1`, [
          deliveryId,
        ]);
        return { kind: 'none' };
      }
      if (sub.status === 'paused' || (await this.waitsForEarlierVersion(tx, delivery))) {
        // Held: resume, or the earlier version settling, queues it again.
        await tx.query(`UPDATE webhook_delivery SET next_attempt_at = NULL WHERE id = $1`, [deliveryId]);
        return { kind: 'none' };
      }
      const [event] = await tx.query(`SELECT payload FROM story_event WHERE id = $1`, [delivery.event_id]);
      const body = JSON.stringify(event.payload);
      const headers = signWebhook({
        msgId: delivery.event_id,
        payload: body,
        secrets: activeSigningSecrets(sub.secrets as SubscriptionSecret[]),
      });
      const outcome = await deliverWebhook({
        url: sub.url,
        body,
        headers,
        timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
        allowPrivateNetworks: this.config.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
        agents: this.agents,
      });
      await this.recordAttempt(tx, deliveryId, outcome);
      return this.settle(tx, delivery, sub, attempt, outcome);
    });

    if (next.kind === 'retry') {
      await this.queue.enqueue(JobName.DeliverWebhook, { deliveryId, attempt: next.attempt }, { delay: next.delayMs });
    } else if (next.kind === 'release-successor') {
      await this.releaseSuccessor(deliveryId);
    }
  }

  onApplicationShutdown(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private async waitsForEarlierVersion(tx: EntityManager, d: DeliveryRow): Promise<boolean> {
    if (!d.story_id || d.story_version === null) return false;
    const rows = await tx.query(
      `SELECT 1 FROM webhook_delivery
        WHERE subscription_id = $1 AND story_id = $2 AND status = 'pending' AND story_version < $3 LIMIT 1`,
      [d.subscription_id, d.story_id, d.story_version],
    );
    return rows.length > 0;
  }

  private async recordAttempt(tx: EntityManager, deliveryId: string, o: DeliveryOutcome): Promise<void> {
    await tx.query(
      `INSERT INTO webhook_attempt (delivery_id, attempted_at, status_code, latency_ms, response_excerpt, error)
       VALUES ($1, now(), $2, $3, $4, $5)`,
      [deliveryId, o.statusCode, Math.round(o.latencyMs), o.responseExcerpt, o.error],
    );
  }

  private async settle(
    tx: EntityManager,
    delivery: DeliveryRow,
    sub: { id: string; failing_since: Date | null },
    attempt: number,
    outcome: DeliveryOutcome,
  ): Promise<Next> {
    const now = new Date();
    const failingSince = nextFailingSince(sub.failing_since ? new Date(sub.failing_since) : null, outcome, now);
    const disable = endpointDisableDecision({
      failingSince,
      now,
      disableAfterMs: this.disableAfterMs,
      lastOutcome: outcome,
    });
    // Written only when it changes: a healthy endpoint's deliveries never contend for its subscription row.
    const prev = sub.failing_since ? new Date(sub.failing_since).getTime() : null;
    if ((failingSince?.getTime() ?? null) !== prev || disable.disable) {
      await tx.query(
        `UPDATE webhook_subscription SET failing_since = $2,
                status = CASE WHEN $3 THEN 'disabled' ELSE status END,
                disabled_reason = CASE WHEN $3 THEN $4 ELSE disabled_reason END
          WHERE id = $1`,
        [sub.id, failingSince, disable.disable, disable.reason],
      );
    }
    if (outcome.classification === 'delivered') {
      await tx.query(
        `UPDATE webhook_delivery SET status = 'delivered', attempt_count = $2, delivered_at = now(),
                next_attempt_at = NULL, last_error = NULL WHERE id = $1`,
        [delivery.id, attempt],
      );
      this.logger.info({ deliveryId: delivery.id, eventId: delivery.event_id, attempt }, 'webhook delivered');
      return { kind: 'release-successor' };
    }
    const delayMs = disable.disable
      ? null
      : nextAttemptDelay(attempt, this.schedule, { retryAfterMs: outcome.retryAfterMs });
    const final = delayMs === null;
    await tx.query(
      `UPDATE webhook_delivery SET status = $2, attempt_count = $3, last_error = $4,
              next_attempt_at = $5 WHERE id = $1`,
      [
        delivery.id,
        final ? (disable.disable ? 'cancelled' : 'failed') : 'pending',
        attempt,
        outcome.error ?? `HTTP ${outcome.statusCode}`,
        final ? null : new Date(now.getTime() + delayMs),
      ],
    );
    if (disable.disable) {
      await tx.query(
        `UPDATE webhook_delivery SET status = 'cancelled', next_attempt_at = NULL
          WHERE subscription_id = $1 AND status = 'pending'`,
        [sub.id],
      );
    }
    this.logger.warn(
      {
        deliveryId: delivery.id,
        eventId: delivery.event_id,
        attempt,
        status: outcome.statusCode,
        error: outcome.error,
      },
      final ? 'webhook delivery gave up' : 'webhook delivery failed, will retry',
    );
    return final ? { kind: 'release-successor' } : { kind: 'retry', delayMs, attempt: attempt + 1 };
  }

  /** Queues the next held version of the same story for the same subscription, if any. */
  private async releaseSuccessor(deliveryId: string): Promise<void> {
    const rows: { id: string; attempt_count: number }[] = await this.db.query(
      `SELECT n.id, n.attempt_count FROM webhook_delivery d
         JOIN webhook_delivery n ON n.subscription_id = d.subscription_id AND n.story_id = d.story_id
        WHERE d.id = $1 AND n.status = 'pending' AND n.story_version > d.story_version
        ORDER BY n.story_version LIMIT 1`,
      [deliveryId],
    );
    await this.queue.enqueueMany(
      JobName.DeliverWebhook,
      rows.map((r) => ({ deliveryId: r.id, attempt: r.attempt_count + 1 })),
    );
  }
}
