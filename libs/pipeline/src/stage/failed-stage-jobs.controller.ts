import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type FailedJob, JOB_FAILED_PATTERN } from '@storyline/transport';
import { ArticleFailures } from './article-failures.service';

/**
 * Hears of every job that failed for good in a stage worker — stalls included, which never reach the stage's
 * own handler — and records the failure on its article.
 */
@Controller()
export class FailedStageJobs {
  constructor(private readonly failures: ArticleFailures) {}

  @EventPattern(JOB_FAILED_PATTERN)
  handle(@Payload() failed: FailedJob): Promise<void> {
    return this.failures.recordFailedJob(failed);
  }
}
