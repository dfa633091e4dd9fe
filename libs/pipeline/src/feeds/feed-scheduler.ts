import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { JobName } from '@storyline/contracts';
import { PipelineQueue } from '../queue/pipeline-queue';

/** How often each fetch worker looks for feeds that are due. */
const TICK_MS = 1000;
/** Feeds claimed per look. */
const CLAIM_PAGE = 200;
/**
 * A claimed feed's next poll is moved this far ahead until its poll sets the real one: if the poll's job is lost
 * (Redis emptied, the worker gone before queueing it), the feed is claimed again then rather than never.
 */
const CLAIM_LEASE_MS = 10 * 60_000;

/**
 * Queues the polls of feeds that are due, from Postgres: every fetch worker looks each second, and a feed is claimed
 * by one of them (FOR UPDATE SKIP LOCKED), so a poll is queued once however many workers run, and a restart loses
 * no schedule. The poll's job id is the feed and its due time.
 */
@Injectable()
export class FeedScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: PipelineQueue,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(FeedScheduler.name);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.queueDuePolls()
        .then(() => undefined)
        .catch((error) => this.logger.warn({ err: error }, 'queueing due feed polls failed; next tick retries'))
        .finally(() => (this.running = undefined));
    }, TICK_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async queueDuePolls(): Promise<number> {
    const due: { id: string; due: string }[] = await this.db.query(
      `WITH due AS (
         SELECT id, next_poll_at FROM feed WHERE status = 'active' AND next_poll_at <= now()
          ORDER BY next_poll_at LIMIT ${CLAIM_PAGE} FOR UPDATE SKIP LOCKED),
       claimed AS (
         UPDATE feed f SET next_poll_at = now() + $1 * interval '1 millisecond' FROM due WHERE f.id = due.id
         RETURNING f.id, floor(extract(epoch FROM due.next_poll_at) * 1000)::bigint AS due)
       SELECT id, due::text FROM claimed`,
      [CLAIM_LEASE_MS],
    );
    if (due.length) {
      await this.queue.enqueueMany(
        JobName.PollFeed,
        due.map((d) => ({ feedId: d.id, due: Number(d.due) })),
      );
    }
    return due.length;
  }
}
