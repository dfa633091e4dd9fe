import { z } from 'zod';

/**
 * RFC 9457 problem details: every error either service answers, as application/problem+json. Some kinds carry
 * extensions (`errors` for validation, `existingId`, `articleStatus`).
 */
export const Problem = z
  .looseObject({
    type: z.string().describe('a stable URI per kind of problem (https://storyline.dev/problems/<kind>)'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z
      .array(z.looseObject({ path: z.string(), message: z.string() }))
      .optional()
      .describe('validation: each invalid field or parameter'),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });
export type Problem = z.infer<typeof Problem>;
