import { HttpStatus, PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { ProblemException } from './problem';

/** Validates with a contracts schema and answers 400 problem+json listing every invalid field. */
export class ZodValidationPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(
    private readonly schema: T,
    private readonly what = 'request',
  ) {}

  transform(value: unknown): z.infer<T> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    throw new ProblemException(HttpStatus.BAD_REQUEST, 'validation', 'Invalid request', `the ${this.what} is invalid`, {
      errors: validationErrors(result.error),
    });
  }
}

export function validationErrors(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
}
