import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import { JobName, StoryEventType, WebhookSubscriptionInput, WebhookSubscriptionUpdate } from '@storyline/contracts';
import type { SubscriptionSecret } from '@storyline/database';
import {
  checkWebhookUrl,
  generateWebhookSecret,
  parseDuration,
  rotateSecrets,
  urlShapeProblem,
} from '@storyline/webhooks';
import { StoryEvents } from '../outbox/story-events.service';
import { PipelineQueue } from '../queue/pipeline-queue';

export class SubscriptionUrlRefused extends Error {}

type Row = Record<string, any>;

/**
 * Webhook subscriptions: the consumer-facing side of delivery. Secrets are generated here and returned only by
 * create and rotate; every other read shows whether a secret is set, never its value.
 */
@Injectable()
export class WebhookSubscriptions {
  private readonly logger = new Logger(WebhookSubscriptions.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: StoryEvents,
    private readonly queue: PipelineQueue,
  ) {}

  async create(input: WebhookSubscriptionInput) {
    await this.checkUrl(input.url);
    const id = randomUUID();
    const secret = generateWebhookSecret();
    const secrets: SubscriptionSecret[] = [{ secret, createdAt: new Date().toISOString(), expiresAt: null }];
    await this.db.query(
      `INSERT INTO webhook_subscription (id, url, description, event_types, filters, secrets, status)
       VALUES ($1, $2, $3, $4, $5, $6, 'active')`,
      [id, input.url, input.description ?? null, input.eventTypes, input.filters, JSON.stringify(secrets)],
    );
    return { ...(await this.get(id))!, secret };
  }

  async list() {
    const rows: Row[] = await this.db.query(`SELECT * FROM webhook_subscription ORDER BY created_at, id`);
    return rows.map(present);
  }

  async get(id: string) {
    const [row] = await this.db.query(`SELECT * FROM webhook_subscription WHERE id = $1`, [id]);
    return row ? present(row) : null;
  }

  async update(id: string, patch: WebhookSubscriptionUpdate) {
    if (patch.url) await this.checkUrl(patch.url);
    const [, count] = await this.db.query(
      `UPDATE webhook_subscription SET url = coalesce($2, url),
              description = CASE WHEN $3 THEN $4 ELSE description END,
              event_types = coalesce($5, event_types), filters = coalesce($6, filters), updated_at = now()
        WHERE id = $1`,
      [
        id,
        patch.url ?? null,
        patch.description !== undefined,
        patch.description ?? null,
        patch.eventTypes ?? null,
        patch.filters ?? null,
      ],
    );
    return count ? this.get(id) : null;
  }

  async remove(id: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE webhook_delivery SET status = 'cancelled', next_attempt_at = NULL WHERE subscription_id = $1 AND status = 'pending'`,
        [id],
      );
      const [, count] = await tx.query(`DELETE FROM webhook_subscription WHERE id = $1`, [id]);
      return count > 0;
    });
  }

  /** Pause holds deliveries (they stay pending); resume sends what was held, oldest first. */
  async setPaused(id: string, paused: boolean) {
    const [, count] = await this.db.query(
      `UPDATE webhook_subscription SET status = $2, updated_at = now(),
              disabled_reason = CASE WHEN $2 = 'active' THEN NULL ELSE disabled_reason END,
              failing_since = CASE WHEN $2 = 'active' THEN NULL ELSE failing_since END
        WHERE id = $1`,
      [id, paused ? 'paused' : 'active'],
    );
    if (!count) return null;
    if (!paused) await this.requeuePending(id);
    return this.get(id);
  }

  /**
   * A new secret; the previous one keeps signing (both signatures sent) for `graceMs`, WEBHOOK_ROTATION_GRACE by
   * default — 0 revokes it at once (a leaked secret).
   */
  async rotateSecret(id: string, graceMs = parseDuration(this.config.WEBHOOK_ROTATION_GRACE)) {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query(`SELECT secrets FROM webhook_subscription WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) return null;
      const { secrets, secret } = rotateSecrets(row.secrets, { gracePeriodMs: graceMs });
      await tx.query(`UPDATE webhook_subscription SET secrets = $2, updated_at = now() WHERE id = $1`, [
        id,
        JSON.stringify(secrets),
      ]);
      return { secret, previousSecretsValidUntil: secrets.slice(1).map((s) => s.expiresAt) };
    });
  }

  /** Sends a `story.updated`-shaped test event to this subscription only, through the normal delivery path. */
  async sendTest(id: string) {
    const sub = await this.get(id);
    if (!sub) return null;
    const deliveryId = randomUUID();
    const eventId = await this.db.transaction(async (tx) => {
      const now = new Date().toISOString();
      const eventId = await this.events.append(tx, StoryEventType.Updated, null, {
        // A story of its own each time: a consumer that drops versions it has seen would take a second test
        // event about one fixed story for a replay.
        id: randomUUID(),
        version: 1,
        title: 'Storyline test event',
        firstSeenAt: now,
        lastSeenAt: now,
        articleCount: 0,
        sources: [],
        entities: [],
        articles: [],
        test: true,
      });
      // Relayed already: this event is for one subscription, not for everyone.
      await tx.query(`UPDATE story_event SET relayed_at = now() WHERE id = $1`, [eventId]);
      await tx.query(
        `INSERT INTO webhook_delivery (id, subscription_id, event_id, status, next_attempt_at) VALUES ($1, $2, $3, 'pending', now())`,
        [deliveryId, id, eventId],
      );
      return eventId;
    });
    await this.queueAttempts([{ deliveryId, attempt: 1 }]);
    return { eventId, deliveryId };
  }

  async deliveries(id: string, filter: { status?: string; eventId?: string; limit: number }) {
    const rows: Row[] = await this.db.query(
      `SELECT d.id, d.event_id, e.type, d.story_id, d.story_version, d.status, d.attempt_count, d.next_attempt_at,
              d.delivered_at, d.last_error, d.created_at,
              coalesce((SELECT json_agg(json_build_object('at', a.attempted_at, 'statusCode', a.status_code,
                         'latencyMs', a.latency_ms, 'response', a.response_excerpt, 'error', a.error) ORDER BY a.id)
                          FROM webhook_attempt a WHERE a.delivery_id = d.id), '[]') AS attempts
         FROM webhook_delivery d JOIN story_event e ON e.id = d.event_id
        WHERE d.subscription_id = $1 AND ($2::text IS NULL OR d.status = $2) AND ($3::uuid IS NULL OR d.event_id = $3)
        ORDER BY d.created_at DESC, d.id LIMIT $4`,
      [id, filter.status ?? null, filter.eventId ?? null, filter.limit],
    );
    return rows.map((d) => ({
      id: d.id,
      eventId: d.event_id,
      type: d.type,
      storyId: d.story_id,
      storyVersion: d.story_version,
      status: d.status,
      attemptCount: d.attempt_count,
      nextAttemptAt: d.next_attempt_at,
      deliveredAt: d.delivered_at,
      lastError: d.last_error,
      createdAt: d.created_at,
      attempts: d.attempts,
    }));
  }

  /** Sends events again (same webhook-id, so consumers can deduplicate): one event, or all since a time. */
  async redeliver(id: string, selector: { eventId?: string; since?: Date }) {
    // UPDATE … RETURNING comes back from TypeORM as [rows, affectedCount].
    const [rows]: [{ id: string; attempt_count: number }[], number] = await this.db.query(
      `UPDATE webhook_delivery SET status = 'pending', next_attempt_at = now()
        WHERE subscription_id = $1 AND status <> 'pending'
          AND ($2::uuid IS NULL OR event_id = $2) AND ($3::timestamptz IS NULL OR created_at >= $3)
        RETURNING id, attempt_count`,
      [id, selector.eventId ?? null, selector.since ?? null],
    );
    await this.queueAttempts(rows.map((r) => ({ deliveryId: r.id, attempt: r.attempt_count + 1 })));
    return { redelivered: rows.length };
  }

  private async requeuePending(id: string) {
    const rows: { id: string; attempt_count: number }[] = await this.db.query(
      `SELECT id, attempt_count FROM webhook_delivery WHERE subscription_id = $1 AND status = 'pending' ORDER BY created_at`,
      [id],
    );
    await this.queueAttempts(rows.map((r) => ({ deliveryId: r.id, attempt: r.attempt_count + 1 })));
  }

  /**
   * Queues delivery attempts whose rows are stored and due. If Redis does not take them (the request path gives
   * up after a few seconds), the request is still answered: the overdue sweep of the webhooks worker queues
   * them once Redis answers again.
   */
  private async queueAttempts(attempts: { deliveryId: string; attempt: number }[]): Promise<void> {
    try {
      await this.queue.enqueueMany(JobName.DeliverWebhook, attempts);
    } catch (error) {
      this.logger.warn(`queueing ${attempts.length} delivery attempt(s) failed, left for the sweep: ${String(error)}`);
    }
  }

  private async checkUrl(url: string) {
    const shape = urlShapeProblem(url);
    if (shape) throw new SubscriptionUrlRefused(shape);
    const check = await checkWebhookUrl(url, { allowPrivateNetworks: this.config.WEBHOOK_ALLOW_PRIVATE_NETWORKS });
    if (!check.ok) throw new SubscriptionUrlRefused(check.reason);
  }
}

function present(r: Row) {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    eventTypes: r.event_types,
    filters: r.filters,
    status: r.status,
    disabledReason: r.disabled_reason,
    failingSince: r.failing_since,
    secretCount: (r.secrets as unknown[]).length,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
