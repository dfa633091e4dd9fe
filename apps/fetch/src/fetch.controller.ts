import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { FetchArticlePayload, JobName } from '@storyline/contracts';
import { FetchArticle, JobPayloadPipe, stageAttemptOf } from '@storyline/pipeline';
import { BullMqContext } from '@storyline/transport';

@Controller()
export class FetchController {
  constructor(private readonly fetchArticle: FetchArticle) {}

  @EventPattern(JobName.FetchArticle)
  fetch(@Payload(new JobPayloadPipe(FetchArticlePayload)) job: FetchArticlePayload, @Ctx() ctx: BullMqContext) {
    return this.fetchArticle.execute(job, stageAttemptOf(ctx));
  }
}
