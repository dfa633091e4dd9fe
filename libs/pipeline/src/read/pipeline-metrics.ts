import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { ArticleStatus, QueueName } from '@storyline/contracts';
import { PipelineQueue } from '../queue/pipeline-queue';

const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;
const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'cancelled'] as const;
/** Gauges collected within this long of each other share one reading: they belong to one scrape. */
const SNAPSHOT_REUSE_MS = 1_000;
/** A store slower than this is reported as not answering: a scrape must finish within Prometheus's timeout. */
const STORE_DEADLINE_MS = 3_000;

interface PostgresSnapshot {
  articles: Record<string, number>;
  deliveries: Record<string, number>;
  stories: number;
  unrelayedEvents: number;
}

/**
 * The state of the whole pipeline as gauges, read from Postgres and Redis at each scrape: backlog per stage and
 * queue, failed articles, deliveries waiting or given up, events not yet relayed. One query service serves them
 * for every worker: this state lives in the shared stores, not in any one process (each worker's own metrics port
 * reports its jobs; every copy of it would report these gauges again).
 * A store that does not answer leaves its gauges out of that scrape and sets `storyline_metrics_source_up` to 0.
 */
@Injectable()
export class PipelineMetrics implements OnModuleInit {
  private readonly logger = new Logger(PipelineMetrics.name);

  constructor(
    private readonly registry: Registry,
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: PipelineQueue,
  ) {}

  onModuleInit(): void {
    // One reading of each store per scrape, shared by its gauges: a registry collects all its metrics at once.
    const postgres = memoized(() => withTimeout(this.readPostgres(), STORE_DEADLINE_MS));
    const redis = memoized(() => this.readQueues());
    const logger = this.logger;
    const fill = <T>(reading: () => Promise<T>, set: (gauge: Gauge, value: T) => void) =>
      async function (this: Gauge): Promise<void> {
        this.reset();
        const value = await reading().catch(() => undefined);
        if (value !== undefined) set(this, value);
      };
    const gauge = (name: string, help: string, labelNames: string[], collect: (this: Gauge) => Promise<void>) =>
      new Gauge({ name, help, labelNames, registers: [this.registry], collect });

    gauge(
      'storyline_articles',
      'Articles by pipeline status',
      ['status'],
      fill(postgres, (g, { articles }) => {
        for (const status of Object.values(ArticleStatus)) g.set({ status }, articles[status] ?? 0);
      }),
    );
    gauge(
      'storyline_stories',
      'Stories subscribers have heard of that are not merged into another',
      [],
      fill(postgres, (g, { stories }) => g.set(stories)),
    );
    gauge(
      'storyline_webhook_deliveries',
      'Webhook deliveries by status (pending: waiting for an attempt; failed: given up)',
      ['status'],
      fill(postgres, (g, { deliveries }) => {
        for (const status of DELIVERY_STATUSES) g.set({ status }, deliveries[status] ?? 0);
      }),
    );
    gauge(
      'storyline_story_events_unrelayed',
      'Story events not yet turned into deliveries (waiting out coalescing, or the relay is behind)',
      [],
      fill(postgres, (g, { unrelayedEvents }) => g.set(unrelayedEvents)),
    );
    gauge(
      'storyline_queue_jobs',
      'Jobs per queue and state (failed: kept after their last attempt)',
      ['queue', 'state'],
      fill(redis, (g, counts) => {
        for (const [queue, states] of Object.entries(counts)) {
          for (const state of JOB_STATES) g.set({ queue, state }, states[state] ?? 0);
        }
      }),
    );
    gauge(
      'storyline_metrics_source_up',
      'Whether the store the pipeline gauges are read from answered this scrape (1) or not (0)',
      ['source'],
      async function (this: Gauge) {
        const sources = [
          ['postgres', postgres],
          ['redis', redis],
        ] as const;
        // Both at once: read one after the other, a slow first store could outlast the shared reading of the second.
        const answered = await Promise.all(
          sources.map(([source, reading]) =>
            reading().then(
              () => true,
              (error: Error) => {
                logger.warn(`metrics: ${source} did not answer: ${error.message}`);
                return false;
              },
            ),
          ),
        );
        sources.forEach(([source], i) => this.set({ source }, answered[i] ? 1 : 0));
      },
    );
  }

  private async readQueues(): Promise<Record<string, Record<string, number>>> {
    const counts: Record<string, Record<string, number>> = {};
    for (const name of Object.values(QueueName)) {
      counts[name] = await withTimeout(this.queue.client.getQueue(name).getJobCounts(...JOB_STATES), STORE_DEADLINE_MS);
    }
    return counts;
  }

  private async readPostgres(): Promise<PostgresSnapshot> {
    const [row]: Array<{
      articles: Record<string, number> | null;
      deliveries: Record<string, number> | null;
      stories: string;
      unrelayed: string;
    }> = await this.db.query(
      `SELECT (SELECT json_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM article GROUP BY status) a)
                  AS articles,
                (SELECT json_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM webhook_delivery GROUP BY status) d)
                  AS deliveries,
                (SELECT count(*) FROM story WHERE merged_into_id IS NULL AND version > 0) AS stories,
                (SELECT count(*) FROM story_event WHERE relayed_at IS NULL) AS unrelayed`,
    );
    return {
      articles: row.articles ?? {},
      deliveries: row.deliveries ?? {},
      stories: Number(row.stories),
      unrelayedEvents: Number(row.unrelayed),
    };
  }
}

/** The same reading for calls within {@link SNAPSHOT_REUSE_MS} of the first: the gauges of one scrape. */
function memoized<T>(read: () => Promise<T>): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (!last || Date.now() - last.at > SNAPSHOT_REUSE_MS) {
      last = { at: Date.now(), value: read() };
      last.value.catch(() => undefined);
    }
    return last.value;
  };
}

/** BullMQ waits for Redis to come back, a query for a busy Postgres; a scrape must not. */
function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  work.catch(() => undefined);
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
