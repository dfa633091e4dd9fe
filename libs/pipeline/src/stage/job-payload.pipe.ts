import { PipeTransform } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';

/**
 * Validates a job payload against its contract. A payload that does not parse will never parse, so it
 * fails the job without retries (UnrecoverableError) instead of burning attempts.
 */
export class JobPayloadPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(private readonly schema: T) {}

  transform(value: unknown): z.infer<T> {
    const result = this.schema.safeParse(value);
    if (!result.success) {
      throw new UnrecoverableError(`invalid job payload: ${result.error.issues.map((i) => i.message).join('; ')}`);
    }
    return result.data;
  }
}
