/** What a use case needs to know about the job running it. */
export interface StageAttempt {
  /** Failing now is final: BullMQ will not retry, so the failure must be recorded on the article. */
  finalAttempt: boolean;
}
