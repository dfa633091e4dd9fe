import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import { ArticleStatus, FetchOutcome, JobName } from '@storyline/contracts';
import { PipelineQueue } from '../queue/pipeline-queue';
import { PeriodicSweeper } from '../stage/periodic-sweeper';

const SWEEP_PAGE = 1000;

/**
 * Brings forward articles still waiting for their page, whatever became of their fetch jobs (accepted while Redis
 * was down, lost with it, or failed for good without the failure being recorded), as the stage sweepers do for
 * theirs: at start-up, then every SWEEP_INTERVAL_MS, for those that waited that long. A finished job is replaced.
 */
@Injectable()
export class FetchSweeper extends PeriodicSweeper {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: PipelineQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    logger: PinoLogger,
  ) {
    super(config.SWEEP_INTERVAL_MS, logger);
    logger.setContext(FetchSweeper.name);
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
