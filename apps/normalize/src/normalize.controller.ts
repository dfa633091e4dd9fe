import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ArticleJobPayload, JobName } from '@storyline/contracts';
import { JobPayloadPipe, stageAttemptOf, NormalizeArticle } from '@storyline/pipeline';
import { BullMqContext } from '@storyline/transport';

@Controller()
export class NormalizeController {
  constructor(private readonly normalize: NormalizeArticle) {}

  @EventPattern(JobName.NormalizeArticle)
  handle(@Payload(new JobPayloadPipe(ArticleJobPayload)) job: ArticleJobPayload, @Ctx() ctx: BullMqContext) {
    return this.normalize.execute(job, stageAttemptOf(ctx));
  }
}
