import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import { JobName } from '@storyline/contracts';
import { preparedQuery } from '@storyline/database';
import type { SubscriptionSecret } from '@storyline/database';
import {
  activeSigningSecrets,
  deliverWebhook,
  DeliveryOutcome,
  EndpointDisableDecision,
  endpointDisableDecision,
  nextAttemptDelay,
  nextFailingSince,
  parseDuration,
  parseRetrySchedule,
  signWebhook,
} from '@storyline/webhooks';
import { PipelineQueue } from '../queue/pipeline-queue';

/**
 * Claims the pending deliveries `which` selects (an SQL condition on `d`, with `lock` after FOR UPDATE OF d) for
 * attempt number $2, in one statement (so one round trip, and its own transaction): those whose subscription is
 * gone or disabled are cancelled; those that must wait — paused, or an earlier version of the story still pending —
 * get a time to be looked at again (see WebhookDeliveries.claim); the others are counted and leased until the call must be
 * over ($3 ms). Returns every row selected, with its fate and, for the claimed, everything the call needs. The claim
 * need not wait for its commit to reach the disk (set_config is local to the statement's transaction): were it lost
 * in a crash, the attempt would simply be made again (delivery is at least once), and the calls are not held up by
 * a WAL flush.
 */
function claimSql(which: string, lock: string): string {
  return `
  WITH selected AS (
    SELECT d.id, d.subscription_id, d.event_id, d.story_id, d.story_version, d.status, d.attempt_count,
           s.url, s.secrets, s.status AS sub_status, s.failing_since,
           CASE WHEN s.status IS NULL OR s.status = 'disabled' THEN 'gone'
                WHEN s.status = 'paused' OR (d.story_id IS NOT NULL AND EXISTS (
                  SELECT 1 FROM webhook_delivery p
                   WHERE p.subscription_id = d.subscription_id AND p.story_id = d.story_id
                     AND p.status = 'pending' AND p.story_version < d.story_version)) THEN 'held'
                ELSE 'claimed' END AS fate
      FROM webhook_delivery d LEFT JOIN webhook_subscription s ON s.id = d.subscription_id
     WHERE d.status = 'pending' AND d.attempt_count = $2 - 1 AND ${which}
     ORDER BY d.id FOR UPDATE OF d ${lock}),
  claimed AS (
    UPDATE webhook_delivery w
       SET status = CASE WHEN x.fate = 'gone' THEN 'cancelled' ELSE w.status END,
           attempt_count = CASE WHEN x.fate = 'claimed' THEN $2 ELSE w.attempt_count END,
           next_attempt_at = CASE x.fate WHEN 'gone' THEN NULL
                                         WHEN 'held' THEN now() + ${HELD_RECHECK_MS} * interval '1 millisecond'
                                         ELSE now() + $3 * interval '1 millisecond' END
      FROM selected x WHERE w.id = x.id)
  SELECT x.id, x.subscription_id, x.event_id, x.story_id, x.story_version, x.fate, x.url, x.secrets, x.failing_since,
         CASE WHEN x.fate = 'claimed' THEN (SELECT e.payload FROM story_event e WHERE e.id = x.event_id) END AS payload,
         set_config('synchronous_commit', 'off', true) AS async_commit
    FROM selected x`;
}

/** See settleDelivered. */
const SETTLE_DELIVERED = `WITH attempt AS (
     INSERT INTO webhook_attempt (delivery_id, attempted_at, status_code, latency_ms, response_excerpt, error)
     VALUES ($1, now(), $3, $4, $5, $6)
   ), settled AS (
     UPDATE webhook_delivery SET status = 'delivered', last_error = NULL, next_attempt_at = NULL, delivered_at = now()
      WHERE id = $1 AND status = 'pending' AND attempt_count = $2
     RETURNING id)
   SELECT EXISTS (SELECT 1 FROM settled) AS settled, n.id, n.attempt_count
     FROM (SELECT 1) one LEFT JOIN LATERAL (
       SELECT n.id, n.attempt_count FROM webhook_delivery n
        WHERE EXISTS (SELECT 1 FROM settled) AND n.subscription_id = $7 AND n.story_id = $8
          AND n.status = 'pending' AND n.story_version > $9
        ORDER BY n.story_version LIMIT 1) n ON true`;

/** How long past WEBHOOK_TIMEOUT_MS a claimed attempt is leased: settling follows the call within this. */
const LEASE_MARGIN_MS = 60_000;

/**
 * Of the held deliveries $1 (at attempt count $2), those no earlier version of their story holds up any more. The
 * earlier versions still pending are locked FOR SHARE: one being settled right now is waited for, and then seen
 * settled, so that a settlement in flight while this runs is never taken for a pending version.
 */
const RELEASE_UNBLOCKED = `WITH blocked AS (
     SELECT d.id FROM webhook_delivery d
       JOIN webhook_delivery p ON p.subscription_id = d.subscription_id AND p.story_id = d.story_id
                              AND p.story_version < d.story_version AND p.status = 'pending'
      WHERE d.id = ANY($1)
        FOR SHARE OF p)
   SELECT d.id FROM webhook_delivery d JOIN webhook_subscription s ON s.id = d.subscription_id
    WHERE d.id = ANY($1) AND d.status = 'pending' AND d.attempt_count = $2 AND s.status = 'active'
      AND d.id NOT IN (SELECT id FROM blocked)`;

/** When a held delivery is looked at again if nothing released it before. */
const HELD_RECHECK_MS = 60_000;

/** Claims one delivery by id (see attempt()) and every first attempt of one event (see firstAttempts()). */
const CLAIM_DELIVERY = claimSql(`d.id = $1`, '');
const CLAIM_EVENT = claimSql(`d.event_id = $1`, 'SKIP LOCKED');

/** Calls one first-attempt job makes at once (an event can have thousands of subscribers). */
const PARALLEL_CALLS = 64;

interface AttemptRow {
  id: string;
  subscription_id: string;
  event_id: string;
  story_id: string | null;
  story_version: number | null;
  url: string;
  secrets: unknown;
  failing_since: Date | null;
  payload: unknown;
}

type Next =
  | { kind: 'retry'; deliveryId: string; delayMs: number; attempt: number }
  | { kind: 'release'; successors: { deliveryId: string; attempt: number }[] }
  | { kind: 'none' };

/**
 * Makes one delivery attempt. The attempt is claimed (counted and leased) before the call, so two workers never
 * send the same attempt; per subscription, a story's events go out in version order (a later version waits while an
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
    http: new HttpAgent({ keepAlive: true, maxSockets: PARALLEL_CALLS, timeout: 30_000 }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: PARALLEL_CALLS, timeout: 30_000 }),
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

  /** One attempt of one delivery (retries, held deliveries released later, test events). */
  async attempt(deliveryId: string, attempt: number): Promise<void> {
    // Waits for the row rather than skipping it: the lock's holder is a short claim or settlement, and the one
    // that matters is the claim that has just marked this delivery held — a release queued by the earlier
    // version's settlement can run before that claim commits, and skipping the row then lost the release
    // until the overdue sweep, a minute later. The statement holds nothing else while it waits. A delivery
    // already settled, or a stale job for an attempt that already happened (another worker made it), is not
    // selected.
    const [claimed] = await this.claim(CLAIM_DELIVERY, deliveryId, attempt);
    if (!claimed) return;
    const outcome = await this.call(claimed);
    await this.follow(await this.settleAll([{ d: claimed, outcome }], attempt));
  }

  /**
   * The first attempt of every delivery of one event, made together: one job for all the event's subscribers,
   * claimed in one statement, called in parallel, then settled. Retries then go their own way, one job per attempt.
   */
  async firstAttempts(eventId: string): Promise<void> {
    const claimed = await this.claim(CLAIM_EVENT, eventId, 1);
    const outcomes: DeliveryOutcome[] = new Array(claimed.length);
    let cursor = 0;
    const caller = async () => {
      for (let i = cursor++; i < claimed.length; i = cursor++) outcomes[i] = await this.call(claimed[i]);
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_CALLS, claimed.length) }, caller));
    await this.follow(
      await this.settleAll(
        claimed.map((d, i) => ({ d, outcome: outcomes[i] })),
        1,
      ),
    );
  }

  /**
   * Claims attempt `attempt` of the deliveries a claim statement selects by `key` (see claimSql): cancels those whose subscription is
   * gone or disabled, holds those that must wait, and counts and leases the others until the call must be over.
   * Held: resume, or the earlier version settling, queues it again. That hand-off can be lost — its job can meet
   * the row still locked by the claim and skip it, or the process can die before queueing — so the row also gets a
   * time: the overdue sweep (OutboxRelay.requeueOverdue) re-queues it from then on, and an attempt that finds it
   * still held just sets the next time. Calls are then made outside any transaction — no row lock or pooled
   * connection is held while a receiver takes its time — and settled afterwards; the count makes a second job for
   * the same attempt find nothing to do, and if this process dies before settling, the lease runs out and the
   * overdue sweep makes the next attempt. Returns the claimed rows.
   */
  private async claim(statement: string, key: string, attempt: number): Promise<AttemptRow[]> {
    const rows = await preparedQuery<AttemptRow & { fate: 'gone' | 'held' | 'claimed' }>(this.db.manager, statement, [
      key,
      attempt,
      this.config.WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS,
    ]);
    const held = rows.filter((d) => d.fate === 'held').map((d) => d.id);
    if (held.length) await this.releaseUnblocked(held, attempt);
    return rows.filter((d) => d.fate === 'claimed');
  }

  /**
   * Held deliveries whose earlier versions all settled by now are queued at once. The claim that held one and the
   * settlement of the version before it can each miss the other's write (both statements' snapshots predate the
   * other's commit): the settlement then finds no successor to release, and the delivery would wait for the
   * recheck a minute later. Read after the claim committed, either the settlement saw the delivery and released
   * it, or it settled before this read (or while it waited) and the delivery is released here; a second job for
   * the same attempt finds nothing to do.
   */
  private async releaseUnblocked(heldIds: string[], attempt: number): Promise<void> {
    const unblocked = await preparedQuery<{ id: string }>(this.db.manager, RELEASE_UNBLOCKED, [heldIds, attempt - 1]);
    await this.queue.enqueueMany(
      JobName.DeliverWebhook,
      unblocked.map((d) => ({ deliveryId: d.id, attempt })),
    );
  }

  /**
   * Settles attempts. The usual outcome — delivered to an endpoint that was healthy — touches the delivery alone, in
   * one statement each; any other goes through the endpoint's failure clock, all in one transaction, in subscription
   * order: each such settlement may lock its subscription's row, and two events delivered at once must take the rows
   * of the subscriptions they share in the same order.
   */
  private async settleAll(items: { d: AttemptRow; outcome: DeliveryOutcome }[], attempt: number): Promise<Next[]> {
    const next: Next[] = [];
    const others: typeof items = [];
    for (const item of items) {
      if (item.outcome.classification === 'delivered' && !item.d.failing_since) {
        next.push(await this.settleDelivered(item.d, attempt, item.outcome));
      } else {
        others.push(item);
      }
    }
    if (others.length) {
      others.sort((a, b) =>
        a.d.subscription_id < b.d.subscription_id ? -1 : a.d.subscription_id > b.d.subscription_id ? 1 : 0,
      );
      next.push(
        ...(await this.db.transaction(async (tx): Promise<Next[]> => {
          const out: Next[] = [];
          for (const { d, outcome } of others) out.push(await this.settle(tx, d, attempt, outcome));
          return out;
        })),
      );
    }
    return next;
  }

  /**
   * Records a delivered attempt to a healthy endpoint (its subscription row is left alone, so a healthy endpoint's
   * deliveries never contend for it) and returns the next held version of the same story, to be released after
   * commit: one statement. A delivery cancelled while the call was in flight only has the call logged.
   */
  private async settleDelivered(d: AttemptRow, attempt: number, outcome: DeliveryOutcome): Promise<Next> {
    const [row] = await preparedQuery<{ settled: boolean; id: string | null; attempt_count: number | null }>(
      this.db.manager,
      SETTLE_DELIVERED,
      [
        d.id,
        attempt,
        outcome.statusCode,
        Math.round(outcome.latencyMs),
        outcome.responseExcerpt,
        outcome.error,
        d.subscription_id,
        d.story_id,
        d.story_version,
      ],
    );
    if (!row.settled) return { kind: 'none' };
    this.logger.info(
      { deliveryId: d.id, eventId: d.event_id, attempt, status: outcome.statusCode, error: outcome.error },
      'webhook delivered',
    );
    return {
      kind: 'release',
      successors: row.id ? [{ deliveryId: row.id, attempt: row.attempt_count! + 1 }] : [],
    };
  }

  /** Signs and makes the call of a claimed attempt. */
  private call(d: AttemptRow): Promise<DeliveryOutcome> {
    const body = JSON.stringify(d.payload);
    const headers = signWebhook({
      msgId: d.event_id,
      payload: body,
      secrets: activeSigningSecrets(d.secrets as SubscriptionSecret[]),
    });
    return deliverWebhook({
      url: d.url,
      body,
      headers,
      timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
      allowPrivateNetworks: this.config.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
      agents: this.agents,
    });
  }

  /** After commit: schedule retries, release held successors. */
  private async follow(next: Next[]): Promise<void> {
    for (const n of next) {
      if (n.kind === 'retry') {
        await this.queue.enqueue(
          JobName.DeliverWebhook,
          { deliveryId: n.deliveryId, attempt: n.attempt },
          { delay: n.delayMs },
        );
      }
    }
    const successors = next.flatMap((n) => (n.kind === 'release' ? n.successors : []));
    await this.queue.enqueueMany(JobName.DeliverWebhook, successors);
  }

  onApplicationShutdown(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  /**
   * Moves the endpoint's failure clock (`failing_since`) on after an attempt and says whether the endpoint is now
   * disabled. A delivery to an endpoint that was healthy when the attempt began leaves the subscription row alone,
   * so a healthy endpoint's deliveries never contend for it. Any other outcome re-reads the clock under the row's
   * lock: the value read before the HTTP call may be seconds old, and another delivery to the same endpoint may
   * have succeeded (or the subscriber re-enabled it) meanwhile — deciding on the stale clock would disable an
   * endpoint that has just recovered.
   */
  private async recordEndpointHealth(
    tx: EntityManager,
    d: AttemptRow,
    outcome: DeliveryOutcome,
    now: Date,
  ): Promise<EndpointDisableDecision> {
    if (outcome.classification === 'delivered' && !d.failing_since) return { disable: false, reason: null };
    const [current]: { failing_since: Date | null }[] = await tx.query(
      `SELECT failing_since FROM webhook_subscription WHERE id = $1 FOR UPDATE`,
      [d.subscription_id],
    );
    if (!current) return { disable: false, reason: null }; // deleted while the attempt ran
    const before = current.failing_since ? new Date(current.failing_since) : null;
    const failingSince = nextFailingSince(before, outcome, now);
    const disable = endpointDisableDecision({
      failingSince,
      now,
      disableAfterMs: this.disableAfterMs,
      lastOutcome: outcome,
    });
    if ((failingSince?.getTime() ?? null) !== (before?.getTime() ?? null) || disable.disable) {
      await tx.query(
        `UPDATE webhook_subscription SET failing_since = $2,
                status = CASE WHEN $3 THEN 'disabled' ELSE status END,
                disabled_reason = CASE WHEN $3 THEN $4 ELSE disabled_reason END
          WHERE id = $1`,
        [d.subscription_id, failingSince, disable.disable, disable.reason],
      );
    }
    return disable;
  }

  /**
   * Records the attempt and the delivery's new state in one statement, which also returns the next held
   * version of the same story when this one is settled (delivered or given up), to be released after commit.
   */
  private async settle(tx: EntityManager, d: AttemptRow, attempt: number, outcome: DeliveryOutcome): Promise<Next> {
    const [current]: { status: string; attempt_count: number }[] = await tx.query(
      `SELECT status, attempt_count FROM webhook_delivery WHERE id = $1 FOR UPDATE`,
      [d.id],
    );
    if (!current) return { kind: 'none' }; // its subscription was deleted while the call was in flight
    if (current.status !== 'pending' || current.attempt_count !== attempt) {
      // Cancelled while the call was in flight (its subscription was disabled): the call is logged, the
      // delivery's state is left as it is.
      await tx.query(
        `INSERT INTO webhook_attempt (delivery_id, attempted_at, status_code, latency_ms, response_excerpt, error)
         VALUES ($1, now(), $2, $3, $4, $5)`,
        [d.id, outcome.statusCode, Math.round(outcome.latencyMs), outcome.responseExcerpt, outcome.error],
      );
      return { kind: 'none' };
    }
    const now = new Date();
    const delivered = outcome.classification === 'delivered';
    const disable = await this.recordEndpointHealth(tx, d, outcome, now);
    const delayMs =
      delivered || disable.disable
        ? null
        : nextAttemptDelay(attempt, this.schedule, { retryAfterMs: outcome.retryAfterMs });
    const settled = delivered || delayMs === null;
    const status = delivered ? 'delivered' : !settled ? 'pending' : disable.disable ? 'cancelled' : 'failed';
    const successors: { id: string; attempt_count: number }[] = await tx.query(
      `WITH attempt AS (
         INSERT INTO webhook_attempt (delivery_id, attempted_at, status_code, latency_ms, response_excerpt, error)
         VALUES ($1, now(), $6, $7, $8, $9)
       ), updated AS (
         UPDATE webhook_delivery SET status = $2, attempt_count = $3, last_error = $4, next_attempt_at = $5,
                delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END
          WHERE id = $1
       )
       SELECT n.id, n.attempt_count FROM webhook_delivery n
        WHERE $10 AND n.subscription_id = $11 AND n.story_id = $12 AND n.status = 'pending'
          AND n.story_version > $13
        ORDER BY n.story_version LIMIT 1`,
      [
        d.id,
        status,
        attempt,
        delivered ? null : (outcome.error ?? `HTTP ${outcome.statusCode}`),
        settled ? null : new Date(now.getTime() + delayMs!),
        outcome.statusCode,
        Math.round(outcome.latencyMs),
        outcome.responseExcerpt,
        outcome.error,
        settled && d.story_id !== null,
        d.subscription_id,
        d.story_id,
        d.story_version,
      ],
    );
    if (disable.disable) {
      // Deliveries another transaction holds are skipped, not waited for: it may want this subscription's row,
      // which this one holds; their next attempt finds the subscription disabled and cancels itself. Calls in
      // flight are cancelled here, and their settlement only logs them.
      await tx.query(
        `UPDATE webhook_delivery SET status = 'cancelled', next_attempt_at = NULL
          WHERE id IN (SELECT id FROM webhook_delivery WHERE subscription_id = $1 AND status = 'pending'
                          FOR UPDATE SKIP LOCKED)`,
        [d.subscription_id],
      );
    }
    const log = { deliveryId: d.id, eventId: d.event_id, attempt, status: outcome.statusCode, error: outcome.error };
    if (delivered) this.logger.info(log, 'webhook delivered');
    else this.logger.warn(log, settled ? 'webhook delivery gave up' : 'webhook delivery failed, will retry');
    if (!settled) return { kind: 'retry', deliveryId: d.id, delayMs: delayMs!, attempt: attempt + 1 };
    return {
      kind: 'release',
      successors: disable.disable ? [] : successors.map((r) => ({ deliveryId: r.id, attempt: r.attempt_count + 1 })),
    };
  }
}
