import type { BullMqContext } from '@storyline/transport';
import { StageAttempt } from './stage-attempt';

/** The StageAttempt of a BullMQ job. */
export function stageAttemptOf(ctx: BullMqContext): StageAttempt {
  return { finalAttempt: ctx.isFinalAttempt() };
}
