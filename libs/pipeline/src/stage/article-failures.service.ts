import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { ArticleJobPayload, ArticleStatus, JobName, PipelineStage, StoryEventType } from '@storyline/contracts';
import type { FailedJob } from '@storyline/transport';
import { StoryEvents } from '../outbox/story-events.service';
import { StageAttempt } from './stage-attempt';

/** The stage each article job runs. */
const STAGE_OF: Partial<Record<string, PipelineStage>> = {
  [JobName.NormalizeArticle]: 'normalize',
  [JobName.DedupeArticle]: 'dedupe',
  [JobName.ExtractEntities]: 'entities',
};

/**
 * The statuses in which an article waits for each stage. A stage's failure is recorded only while the article is
 * still there, at the job's revision: another job may have carried it on meanwhile (a sweeper's re-queue of
 * the same work), or a re-normalization may have started a newer revision, and neither must be marked failed by a
 * job that no longer speaks for it.
 */
const WAITING_AT: Record<PipelineStage, ArticleStatus[]> = {
  normalize: [ArticleStatus.Received, ArticleStatus.Normalized],
  dedupe: [ArticleStatus.Normalized],
  entities: [ArticleStatus.Clustered],
};

/**
 * An article's stage failures. A failed attempt is logged with its article (`guard`); a job that failed for good,
 * whatever the reason — its last attempt threw, it threw UnrecoverableError, or BullMQ failed it without running
 * it because its workers died holding it too often — leaves its article `failed`, with the stage, the error and an
 * `article.failed` event (`recordFailedJob`, called by the worker for every such job: FailedStageJobs). A
 * failure that could not be recorded (the process died first) leaves the article waiting at its stage, where the
 * sweeper brings it forward.
 */
@Injectable()
export class ArticleFailures {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: StoryEvents,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(ArticleFailures.name);
  }

  /** Runs one attempt of a stage; a failure is logged with its article and rethrown, for BullMQ to retry or fail. */
  async guard<T>(
    stage: PipelineStage,
    job: ArticleJobPayload,
    attempt: StageAttempt,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.logger.warn(
        { articleId: job.articleId, stage, finalAttempt: attempt.finalAttempt, err: error },
        `${stage} failed`,
      );
      throw error;
    }
  }

  /** Records a job that failed for good on its article, if it is an article stage job with a valid payload. */
  async recordFailedJob(failed: FailedJob): Promise<void> {
    const stage = STAGE_OF[failed.name];
    if (!stage) return;
    const payload = ArticleJobPayload.safeParse(failed.data);
    if (!payload.success) {
      this.logger.warn({ jobId: failed.id, error: failed.error }, 'a failed job has no article to record it on');
      return;
    }
    await this.record(stage, payload.data, failed.error);
  }

  /**
   * Marks the article failed at `stage`, with an `article.failed` event, if it still waits there at the job's
   * revision. Recording the same failure twice is harmless: the second finds the article failed already.
   */
  async record(stage: PipelineStage, { articleId, revision }: ArticleJobPayload, message: string): Promise<void> {
    const recorded = await this.db.transaction(async (tx) => {
      const failed: unknown[] = await tx.query(
        `WITH failed AS (
           UPDATE article SET status = $4, failed_stage = $5, error = $6, failed_at = now()
            WHERE id = $1 AND revision = $2 AND status = ANY($3)
           RETURNING id)
         SELECT id FROM failed`,
        [articleId, revision, WAITING_AT[stage], ArticleStatus.Failed, stage, message.slice(0, 4000)],
      );
      if (!failed.length) return false;
      await this.events.append(tx, StoryEventType.ArticleFailed, null, { articleId, stage, error: message });
      return true;
    });
    if (recorded) await this.events.nudge();
    else this.logger.info({ articleId, revision, stage }, 'not marked failed: the article has moved on since');
  }
}
