/** What a use case needs to know about the job running it: failing now is final, or BullMQ will retry. */
export interface StageAttempt {
  finalAttempt: boolean;
}
