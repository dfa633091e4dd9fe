import { HttpStatus, PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { ProblemException } from './problem';

/**
 * Validates with a contracts schema and answers 400 problem+json listing every invalid field, by name in the
 * detail too. Query schemas are strict objects: an unknown parameter is named like an invalid one.
 */
export class ZodValidationPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(
    private readonly schema: T,
    private readonly what = 'request',
  ) {}

  transform(value: unknown): z.infer<T> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const errors = validationErrors(result.error);
    const names = [...new Set(errors.map((e) => e.path))].join(', ');
    throw new ProblemException(
      HttpStatus.BAD_REQUEST,
      'validation',
      'Invalid request',
      `the ${this.what} is invalid: ${names}`,
      {
        errors,
      },
    );
  }
}

/** Zod's issues as `{ path, message }`; an unknown key is listed under its own name. */
export function validationErrors(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...issue.path, key].join('.'), message: 'unknown field' }));
    }
    return [{ path: issue.path.join('.') || '(root)', message: issue.message }];
  });
}
