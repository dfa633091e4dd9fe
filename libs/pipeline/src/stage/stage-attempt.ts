/** What a use case needs to know about the job running it. */
export interface StageAttempt {
  /** Failing now is final: BullMQ will not retry, so the failure must be recorded on the article. */
  finalAttempt: boolean;
  /**
   * Puts the job back for `delayMs` without counting an attempt (it is not a failure: the work is not due yet).
   * Never returns.
   */
  postpone(delayMs: number): Promise<never>;
}
