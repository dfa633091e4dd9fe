import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ArticleJobPayload, JobName } from '@storyline/contracts';
import { JobPayloadPipe, stageAttemptOf, DedupeArticle } from '@storyline/pipeline';
import { BullMqContext } from '@storyline/transport';

@Controller()
export class DedupeController {
  constructor(private readonly dedupe: DedupeArticle) {}

  @EventPattern(JobName.DedupeArticle)
  handle(@Payload(new JobPayloadPipe(ArticleJobPayload)) job: ArticleJobPayload, @Ctx() ctx: BullMqContext) {
    return this.dedupe.execute(job, stageAttemptOf(ctx));
  }
}
