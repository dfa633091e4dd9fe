import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import { ArticleStatus, FetchOutcome, JobName } from '@storyline/contracts';
import { PipelineQueue } from '../queue/pipeline-queue';

const SWEEP_PAGE = 1000;

/**
 * Brings forward articles still waiting for their page, whatever became of their fetch jobs (accepted while Redis
 * was down, lost with it, or failed for good without the failure being recorded), as the stage sweepers do for
 * theirs: at start-up, then every SWEEP_INTERVAL_MS, for those that waited that long. A finished job is replaced.
 */
@Injectable()
export class FetchSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: PipelineQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(FetchSweeper.name);
  }

  onApplicationBootstrap(): void {
    this.sweepInBackground();
    this.timer = setInterval(() => this.sweepInBackground(), this.config.SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
  }

  private sweepInBackground(): void {
    this.running ??= this.sweep()
      .then(() => undefined)
      .catch((error) => this.logger.warn({ err: error }, 'fetch sweep failed; next interval retries'))
      .finally(() => (this.running = undefined));
  }

  async sweep(): Promise<number> {
    let swept = 0;
    let after: string | null = null;
    while (!this.stopping) {
      const rows: { article_id: string; url_key: string }[] = await this.db.query(
        `SELECT f.article_id, f.url_key FROM page_fetch f JOIN article a ON a.id = f.article_id
          WHERE f.outcome = $1 AND a.status = $2 AND a.received_at < now() - $3 * interval '1 millisecond'
            AND ($4::uuid IS NULL OR f.article_id > $4)
          ORDER BY f.article_id LIMIT ${SWEEP_PAGE}`,
        [FetchOutcome.Pending, ArticleStatus.Fetching, this.config.SWEEP_INTERVAL_MS, after],
      );
      await this.queue.requeueMany(
        JobName.FetchArticle,
        rows.map((r) => ({ articleId: r.article_id, url: r.url_key })),
      );
      swept += rows.length;
      if (rows.length < SWEEP_PAGE) break;
      after = rows[rows.length - 1].article_id;
    }
    if (swept) this.logger.info({ count: swept }, 're-queued articles waiting for their page');
    return swept;
  }
}
