import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { ArticleJobPayload, ArticleStatus, PipelineStage, StoryEventType } from '@storyline/contracts';
import { StoryEvents } from '../outbox/story-events.service';
import { StageAttempt } from './stage-attempt';

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
 * Runs one stage of one article and, when its last attempt fails, records the failure on the article (status
 * `failed`, the stage, the error) with an `article.failed` event. The error is always rethrown: BullMQ
 * must see it, to retry or to keep the failed job for inspection.
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

  async guard<T>(
    stage: PipelineStage,
    job: ArticleJobPayload,
    attempt: StageAttempt,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(
        { articleId: job.articleId, stage, finalAttempt: attempt.finalAttempt, err: error },
        `${stage} failed`,
      );
      // An UnrecoverableError is final whatever the attempt: BullMQ does not retry it.
      if (attempt.finalAttempt || error instanceof UnrecoverableError) await this.record(stage, job, message);
      throw error;
    }
  }

  private async record(
    stage: PipelineStage,
    { articleId, revision }: ArticleJobPayload,
    message: string,
  ): Promise<void> {
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
