import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { FetchArticlePayload, JobName, PollFeedPayload } from '@storyline/contracts';
import { FeedPoller, FetchArticle, JobPayloadPipe, stageAttemptOf } from '@storyline/pipeline';
import { BullMqContext, type FailedJob, JOB_FAILED_PATTERN } from '@storyline/transport';

@Controller()
export class FetchController {
  constructor(
    private readonly fetchArticle: FetchArticle,
    private readonly feeds: FeedPoller,
  ) {}

  @EventPattern(JobName.FetchArticle)
  fetch(@Payload(new JobPayloadPipe(FetchArticlePayload)) job: FetchArticlePayload, @Ctx() ctx: BullMqContext) {
    return this.fetchArticle.execute(job, stageAttemptOf(ctx));
  }

  /** Every fetch job that failed for good, stalls included (which never reach `fetch`). */
  @EventPattern(JOB_FAILED_PATTERN)
  failed(@Payload() job: FailedJob) {
    return this.fetchArticle.recordFailedJob(job);
  }

  @EventPattern(JobName.PollFeed)
  poll(@Payload(new JobPayloadPipe(PollFeedPayload)) job: PollFeedPayload) {
    return this.feeds.poll(job);
  }
}
