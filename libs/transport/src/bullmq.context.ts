import { BaseRpcContext } from '@nestjs/microservices';
import type { Job } from 'bullmq';

type BullMqContextArgs = [job: Job, token: string | undefined];

/**
 * What a handler gets with `@Ctx()`: the BullMQ job behind the event, so it can log the job id, see which
 * attempt this is (e.g. to record "failed" only on the last one) or report progress.
 */
export class BullMqContext extends BaseRpcContext<BullMqContextArgs> {
  constructor(args: BullMqContextArgs) {
    super(args);
  }

  /** The job being processed. */
  getJob<Data = unknown>(): Job<Data> {
    return this.args[0] as Job<Data>;
  }

  getJobId(): string | undefined {
    return this.args[0].id;
  }

  /** The queue the job came from. */
  getQueueName(): string {
    return this.args[0].queueName;
  }

  /** Attempts already made before this one (0 on the first run). */
  getAttemptsMade(): number {
    return this.args[0].attemptsMade;
  }

  /** Total attempts the producer allowed (1 when it set none). */
  getMaxAttempts(): number {
    return this.args[0].opts.attempts ?? 1;
  }

  /** True when a failure now would be final (no retry left). */
  isFinalAttempt(): boolean {
    return this.getAttemptsMade() + 1 >= this.getMaxAttempts();
  }

  /** The lock token BullMQ gave this run; needed for manual job moves (moveToDelayed, …). */
  getToken(): string | undefined {
    return this.args[1];
  }
}
