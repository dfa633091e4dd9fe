import { applyDecorators } from '@nestjs/common';
import { ApiQuery, ApiResponse } from '@nestjs/swagger';
import type {
  OpenAPIObject,
  OperationObject,
  ReferenceObject,
  RequestBodyObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { Problem } from '@storyline/contracts';
import { z } from 'zod';

/**
 * The OpenAPI schema of a request body or query, from the zod schema that validates it: one definition, so the documented
 * shape cannot drift from the enforced one. The input side (before transforms) is what a client sends; the
 * documents are OpenAPI 3.0 (nullable, not type unions).
 */
export function openApiSchema(schema: z.ZodType): SchemaObject {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as SchemaObject;
}

/**
 * A route's query parameters, documented from the strict object that validates them (queryParams): each field a
 * parameter with its type, bounds, enum and description, so the document lists exactly what is accepted.
 */
export function ApiQueryParams(schema: z.ZodObject): MethodDecorator {
  const { properties = {}, required = [] } = openApiSchema(schema);
  // A parameter's own schema: no field of an object schema holds a reference.
  const params = Object.entries(properties as Record<string, SchemaObject>);
  return applyDecorators(
    ...params.map(([name, { description, ...param }]) =>
      ApiQuery({ name, required: required.includes(name), description, schema: param }),
    ),
  );
}

const COMPONENT_SCHEMAS = '#/components/schemas/';

/** A reference to a named response schema (one with `.meta({ id })`), published by completeOpenApiDocument. */
export function schemaRef(schema: z.ZodType): ReferenceObject {
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) throw new Error('a response schema needs an id (.meta({ id })) to be published under components.schemas');
  return { $ref: `${COMPONENT_SCHEMAS}${id}` };
}

/** A route's JSON response of `status`, documented by the zod schema its body follows. */
export function ApiJsonResponse(status: number, schema: z.ZodType, description: string): MethodDecorator {
  return ApiResponse({ status, description, schema: schemaRef(schema) });
}

/**
 * Completes a service's document once Nest has built it: the named zod schemas its operations reference (and those
 * they reference in turn, and no other service's) under components.schemas, every error documented as the problem
 * document it is, and the X-Request-Id header on every response.
 */
export function completeOpenApiDocument(document: OpenAPIObject): void {
  document.components ??= {};
  document.components.headers = {
    ...document.components.headers,
    'X-Request-Id': {
      description: 'the X-Request-Id sent (1–128 visible ASCII characters), else one generated; in the logs too',
      schema: { type: 'string' },
    },
  };
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as OperationObject[]) {
      documentProblems(operation);
      documentTextBodies(operation);
      for (const response of Object.values(operation.responses) as ResponseObject[]) {
        response.headers = { ...response.headers, 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } };
      }
    }
  }
  document.components.schemas = { ...document.components.schemas, ...referencedSchemas(document) };
}

/** Every error either service answers is problem+json (ProblemDetailsFilter), those no route names included. */
function documentProblems(operation: OperationObject): void {
  const problem = { 'application/problem+json': { schema: schemaRef(Problem) } };
  for (const [status, response] of Object.entries(operation.responses) as [string, ResponseObject][]) {
    if (Number(status) >= 400) response.content = problem;
  }
  operation.responses.default = {
    description:
      'any other error, as problem details (429 over the rate limit, 503 when the database does not answer…)',
    content: problem,
  };
}

/**
 * A text/plain or text/html request body is the text itself: Nest gives every type a route consumes the one
 * schema of @ApiBody, which describes the JSON form.
 */
function documentTextBodies(operation: OperationObject): void {
  const body = operation.requestBody as RequestBodyObject | undefined;
  for (const [type, media] of Object.entries(body?.content ?? {})) {
    if (type.startsWith('text/')) media.schema = { type: 'string' };
  }
}

/** The registered zod schemas `document` reaches through $refs, as OpenAPI 3.0 components. */
function referencedSchemas(document: OpenAPIObject): Record<string, SchemaObject> {
  // Input side: no response schema has a transform, and it leaves objects open (no additionalProperties: false),
  // so a client generated from the document takes a field added later.
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    io: 'input',
    unrepresentable: 'any',
    target: 'openapi-3.0',
    uri: (id) => `${COMPONENT_SCHEMAS}${id}`,
  });
  const published: Record<string, SchemaObject> = {};
  const pending = refsIn(document);
  while (pending.length) {
    const id = pending.pop()!;
    if (id in published || !(id in schemas)) continue;
    // `$id` is JSON Schema's; an OpenAPI 3.0 schema object has none.
    const { $id: _, ...schema } = schemas[id] as Record<string, unknown>;
    published[id] = schema as SchemaObject;
    pending.push(...refsIn(schema));
  }
  return Object.fromEntries(Object.entries(published).sort(([a], [b]) => a.localeCompare(b)));
}

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === '$ref' && typeof inner === 'string' && inner.startsWith(COMPONENT_SCHEMAS)
      ? [inner.slice(COMPONENT_SCHEMAS.length)]
      : refsIn(inner),
  );
}
