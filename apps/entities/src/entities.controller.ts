import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ArticleJobPayload, JobName } from '@storyline/contracts';
import { JobPayloadPipe, stageAttemptOf, ExtractEntities } from '@storyline/pipeline';
import { BullMqContext } from '@storyline/transport';

@Controller()
export class EntitiesController {
  constructor(private readonly entities: ExtractEntities) {}

  @EventPattern(JobName.ExtractEntities)
  handle(@Payload(new JobPayloadPipe(ArticleJobPayload)) job: ArticleJobPayload, @Ctx() ctx: BullMqContext) {
    return this.entities.execute(job, stageAttemptOf(ctx));
  }
}
