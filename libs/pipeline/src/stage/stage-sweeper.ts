import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import { ArticleStatus, JobName } from '@storyline/contracts';
import { PipelineQueue } from '../queue/pipeline-queue';
import { PeriodicSweeper } from './periodic-sweeper';

/** Which articles wait for a stage, and which job moves them on. */
export interface SweepTarget {
  status: ArticleStatus;
  job: JobName.NormalizeArticle | JobName.DedupeArticle | JobName.ExtractEntities;
}
export const SWEEP_TARGET = Symbol('SWEEP_TARGET');

/** Articles read and re-queued at once: one query and one batch of Redis calls. */
const SWEEP_PAGE = 1000;

/**
 * Brings forward articles left at this worker's stage, whatever became of their jobs: accepted while Redis was
 * down or emptied (no job), a hand-off lost to a crash between a commit and the next enqueue (the previous
 * stage's job completed), a job that failed for good while its failure could not be recorded (failed). A job
 * still waiting, delayed or running is left to run; a finished one is replaced (PipelineQueue.requeueMany), since
 * its id would otherwise make the re-queue a no-op. Running a stage again is safe: every stage is idempotent.
 */
@Injectable()
export class StageSweeper extends PeriodicSweeper {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: PipelineQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SWEEP_TARGET) private readonly target: SweepTarget,
    logger: PinoLogger,
  ) {
    super(config.SWEEP_INTERVAL_MS, logger);
    logger.setContext(StageSweeper.name);
  }

  /**
   * Queues every article that has waited at this stage for longer than one sweep interval, a page of 1,000 at a time
   * in arrival order. Every one, not the first 1,000: when Redis loses a backlog of thousands, the rest would
   * otherwise go without a job for interval after interval. A shutdown stops it between pages.
   */
  async sweep(): Promise<number> {
    let swept = 0;
    let replaced = 0;
    // received_at as text: a Date would round it to the millisecond, and the page after it would start over.
    let after: { receivedAt: string; id: string } | null = null;
    while (!this.stopping) {
      const rows: { id: string; revision: number; received_at: string }[] = await this.db.query(
        `SELECT id, revision, received_at::text FROM article
          WHERE status = $1 AND greatest(received_at, normalized_at, clustered_at) < now() - $2 * interval '1 millisecond'
            AND ($3::timestamptz IS NULL OR (received_at, id) > ($3::timestamptz, $4::uuid))
          ORDER BY received_at, id LIMIT ${SWEEP_PAGE}`,
        [this.target.status, this.config.SWEEP_INTERVAL_MS, after?.receivedAt ?? null, after?.id ?? null],
      );
      replaced += await this.queue.requeueMany(
        this.target.job,
        rows.map((r) => ({ articleId: r.id, revision: r.revision })),
      );
      swept += rows.length;
      if (rows.length < SWEEP_PAGE) break;
      const last = rows[rows.length - 1];
      after = { receivedAt: last.received_at, id: last.id };
    }
    if (swept) {
      this.logger.info(
        { count: swept, replacedFinishedJobs: replaced, status: this.target.status },
        're-queued waiting articles',
      );
    }
    return swept;
  }
}
