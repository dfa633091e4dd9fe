import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';

/**
 * The OpenAPI schema of a request body, from the zod schema that validates it: one definition, so the documented
 * shape cannot drift from the enforced one. The input side (before transforms) is what a client sends; the
 * documents are OpenAPI 3.0 (nullable, not type unions).
 */
export function openApiSchema(schema: z.ZodType): SchemaObject {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as SchemaObject;
}
