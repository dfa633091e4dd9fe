import { DelayedError } from 'bullmq';
import type { BullMqContext } from '@storyline/transport';
import { StageAttempt } from './stage-attempt';

/** The StageAttempt of a BullMQ job: postponing moves the job to the delayed set, BullMQ's own way. */
export function stageAttemptOf(ctx: BullMqContext): StageAttempt {
  return {
    finalAttempt: ctx.isFinalAttempt(),
    async postpone(delayMs: number): Promise<never> {
      await ctx.getJob().moveToDelayed(Date.now() + delayMs, ctx.getToken());
      throw new DelayedError();
    },
  };
}
