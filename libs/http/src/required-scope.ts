import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiResponse } from '@nestjs/swagger';
import type { ApiKeyScope } from '@storyline/contracts';

export const REQUIRED_SCOPE = 'storyline:required-scope';

/** A route that names no scope needs admin: a new route is closed to ingest and read keys until it says otherwise. */
export const DEFAULT_SCOPE: ApiKeyScope = 'admin';

/**
 * The scope an API key needs for these routes (a controller's, or one route's over its controller's); admin keys
 * may use every route. Published in the OpenAPI document as the bearer requirement with `x-required-scope`.
 */
export const RequireScope = (scope: ApiKeyScope): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(REQUIRED_SCOPE, scope),
    ApiBearerAuth(),
    ApiExtension('x-required-scope', scope),
    ApiResponse({ status: 401, description: 'no API key, or one that is unknown, expired or revoked' }),
    ApiResponse({ status: 403, description: `the API key lacks the "${scope}" scope` }),
  );
