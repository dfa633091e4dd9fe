import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import { JobName, StoryEventType } from '@storyline/contracts';
import { preparedQuery } from '@storyline/database';
import { PipelineQueue } from '../queue/pipeline-queue';
import { subscriptionWants } from './subscription-filter';

const BATCH = 500;

/**
 * A story updated without pause still reaches subscribers once per this many coalescing windows (10 s with the
 * default 1 s window) instead of only when its burst ends: the span of time an update can be dropped within.
 */
export const COALESCE_SPAN_WINDOWS = 10;

/**
 * The events to relay now, oldest first: not relayed yet, not behind an unrelayed earlier version of their story, and
 * (story.updated) past the coalescing window ($1 ms); `superseded` when a later version of the story falls in the same
 * window of its span ($3 ms). Prepared: planning it cost as much as running it (pg_stat_statements).
 */
const PENDING_EVENTS = `SELECT e.id, e.type, e.story_id, e.story_version, e.payload,
       (e.type = $2 AND $5::boolean AND EXISTS (
          SELECT 1 FROM story_event n WHERE n.story_id = e.story_id AND n.story_version > e.story_version
             AND floor(extract(epoch FROM n.created_at - first.at) * 1000 / $3)
               = floor(extract(epoch FROM e.created_at - first.at) * 1000 / $3))) AS superseded
  FROM story_event e
  LEFT JOIN LATERAL (SELECT min(f.created_at) AS at FROM story_event f WHERE f.story_id = e.story_id) first
    ON true
 WHERE e.relayed_at IS NULL AND e.created_at <= $4
   AND (e.type <> $2 OR e.created_at <= now() - $1 * interval '1 millisecond')
   AND NOT EXISTS (
     SELECT 1 FROM story_event p
      WHERE p.story_id = e.story_id AND p.story_version < e.story_version AND p.relayed_at IS NULL)
 ORDER BY e.created_at, e.id LIMIT ${BATCH} FOR UPDATE OF e SKIP LOCKED`;

/**
 * Turns committed story events into one delivery per interested subscription, then queues the first attempt.
 * Rows are claimed with SKIP LOCKED, so any number of webhooks workers can relay at once without creating a
 * delivery twice (the unique (subscription, event) index makes it impossible anyway).
 *
 * Coalescing: a `story.updated` waits WEBHOOK_COALESCE_MS before it is relayed, and is dropped (relayed to
 * nobody) when a newer event about the same story exists by then — a burst of articles joining one story
 * reaches subscribers as one update carrying the latest version. Other event types go out at once. A story that
 * never stops changing must still be heard of: an update is only dropped for a newer event of the same span of
 * {@link COALESCE_SPAN_WINDOWS} windows, counted from the story's first event, so the last update of every span
 * goes out. (Counted from the story's first event, not the clock, so that the burst of copies that follows a
 * new story stays one update.) With coalescing off (WEBHOOK_COALESCE_MS=0) nothing is dropped, not even versions
 * committed in one transaction, which share a creation time.
 *
 * Order: an event waits while an earlier version of its story is still unrelayed — a `story.merged` that would go
 * out at once waits for the update just before it to be relayed or dropped — so a story's deliveries are created
 * in version order and the delivery hold (see WebhookDelivery) keeps them in that order. Without it, an update in
 * one span followed by a merge in the next reached subscribers after the merge.
 */
@Injectable()
export class OutboxRelay {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: PipelineQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(OutboxRelay.name);
  }

  /**
   * Relays the events pending when the run starts; returns how many events it handled. Batch after batch until
   * one finds none: a batch takes one version of a story at most (a later one waits for it to commit), so a burst
   * of k versions needs k batches — all in this run, not one per poll. Events created after the run began wait for
   * the next run: under a steady stream a run would otherwise never end, and the poller's overdue sweep behind it
   * (and a shutdown waiting for it) would never come.
   */
  async drain(): Promise<number> {
    const [{ at: startedAt }]: { at: Date }[] = await this.db.query(`SELECT clock_timestamp() AS at`);
    let total = 0;
    for (;;) {
      const relayed = await this.relayBatch(startedAt);
      total += relayed;
      if (relayed === 0) return total;
    }
  }

  private async relayBatch(createdBy: Date): Promise<number> {
    const toSend = new Set<string>(); // events with at least one delivery to an active subscription
    const events = await this.db.transaction(async (tx) => {
      const events: {
        id: string;
        type: string;
        story_id: string | null;
        story_version: number | null;
        payload: any;
        superseded: boolean;
      }[] = await preparedQuery(tx, PENDING_EVENTS, [
        this.config.WEBHOOK_COALESCE_MS,
        StoryEventType.Updated,
        Math.max(1, COALESCE_SPAN_WINDOWS * this.config.WEBHOOK_COALESCE_MS),
        createdBy,
        this.config.WEBHOOK_COALESCE_MS > 0,
      ]);
      if (!events.length) return events;
      const subscriptions: { id: string; event_types: string[]; filters: Record<string, unknown>; status: string }[] =
        await tx.query(`SELECT id, event_types, filters, status FROM webhook_subscription WHERE status <> 'disabled'`);
      for (const event of events) {
        if (event.superseded) continue;
        const wanted = subscriptions.filter((sub) =>
          subscriptionWants(sub.event_types, sub.filters, event.type, event.payload?.data),
        );
        if (!wanted.length) continue;
        // One statement per event, whatever the number of subscribers.
        const rows: { id: string; subscription_id: string }[] = await tx.query(
          `INSERT INTO webhook_delivery (id, subscription_id, event_id, story_id, story_version, status, next_attempt_at)
           SELECT gen_random_uuid(), s, $2, $3, $4, 'pending', now() FROM unnest($1::uuid[]) AS s
           ON CONFLICT (subscription_id, event_id) DO NOTHING RETURNING id, subscription_id`,
          [wanted.map((sub) => sub.id), event.id, event.story_id, event.story_version],
        );
        const active = new Set(wanted.filter((sub) => sub.status === 'active').map((sub) => sub.id));
        if (rows.some((r) => active.has(r.subscription_id))) toSend.add(event.id);
      }
      await tx.query(`UPDATE story_event SET relayed_at = now() WHERE id = ANY($1::uuid[])`, [events.map((e) => e.id)]);
      return events;
    });
    await this.queue.enqueueMany(
      JobName.DeliverEvent,
      [...toSend].map((eventId) => ({ eventId })),
    );
    if (events.length) this.logger.debug({ events: events.length, sent: toSend.size }, 'relayed events');
    return events.length;
  }

  /**
   * Safety net for lost delayed jobs (e.g. Redis restarted without persistence): re-queues attempts that are
   * overdue. Ids are per attempt, so an attempt whose job still exists is not queued twice.
   */
  async requeueOverdue(graceMs: number): Promise<number> {
    const rows: { id: string; attempt_count: number }[] = await this.db.query(
      `SELECT d.id, d.attempt_count FROM webhook_delivery d JOIN webhook_subscription s ON s.id = d.subscription_id
        WHERE d.status = 'pending' AND s.status = 'active'
          AND d.next_attempt_at < now() - $1 * interval '1 millisecond'
        ORDER BY d.next_attempt_at LIMIT 1000`,
      [graceMs],
    );
    await this.queue.enqueueMany(
      JobName.DeliverWebhook,
      rows.map((r) => ({ deliveryId: r.id, attempt: r.attempt_count + 1 })),
    );
    return rows.length;
  }
}
