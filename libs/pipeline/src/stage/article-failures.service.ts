import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DelayedError } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { ArticleStatus, PipelineStage, StoryEventType } from '@storyline/contracts';
import { StoryEvents } from '../outbox/story-events.service';
import { StageAttempt } from './stage-attempt';

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

  async guard<T>(stage: PipelineStage, articleId: string, attempt: StageAttempt, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof DelayedError) throw error; // postponed, not failed
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn({ articleId, stage, finalAttempt: attempt.finalAttempt, err: error }, `${stage} failed`);
      if (attempt.finalAttempt) await this.record(stage, articleId, message);
      throw error;
    }
  }

  private async record(stage: PipelineStage, articleId: string, message: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`UPDATE article SET status = $2, failed_stage = $3, error = $4, failed_at = now() WHERE id = $1`, [
        articleId,
        ArticleStatus.Failed,
        stage,
        message.slice(0, 4000),
      ]);
      await this.events.append(tx, StoryEventType.ArticleFailed, null, { articleId, stage, error: message });
    });
    await this.events.nudge();
  }
}
