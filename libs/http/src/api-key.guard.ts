import { CanActivate, ExecutionContext, HttpStatus, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ApiKeyAuthenticator, type Caller, type RefusalReason } from '@storyline/access';
import { type ApiKeyScope, scopesGrant } from '@storyline/contracts';
import { sentApiKey } from './credentials';
import { ProblemException } from './problem';
import { DEFAULT_SCOPE, REQUIRED_SCOPE } from './required-scope';

const OPEN_ROUTE = 'storyline:open-route';

/** A route every caller may use when API keys are configured (health probes: orchestrators carry no key). */
export const OpenRoute = (): MethodDecorator & ClassDecorator => SetMetadata(OPEN_ROUTE, true);

/** The caller a request was let in as (for rate limits and the request log); none on an open service. */
export interface RequestWithCaller extends Request {
  apiKey?: Caller;
}

const REFUSAL_DETAIL: Record<RefusalReason, string> = {
  missing: 'send Authorization: Bearer <API key>',
  unknown: 'the API key is not one this service accepts',
  expired: 'the API key has expired',
  revoked: 'the API key was revoked',
};

/**
 * A request needs `Authorization: Bearer <key>` for a key with the route's scope (RequireScope; admin by default):
 * 401 without a valid key, 403 with a key that lacks the scope — both before the body is read. While no key
 * exists at all, every request is let through (the services are then meant for a private network).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(OPEN_ROUTE, targets)) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<RequestWithCaller>();
    const auth = await this.authenticator.authenticate(sentApiKey(req.headers.authorization));
    if (auth.outcome === 'open') return true;
    if (auth.outcome === 'refused') {
      http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer');
      throw new ProblemException(HttpStatus.UNAUTHORIZED, 'unauthorized', 'Unauthorized', REFUSAL_DETAIL[auth.reason]);
    }
    req.apiKey = auth.caller;
    const needed = this.reflector.getAllAndOverride<ApiKeyScope>(REQUIRED_SCOPE, targets) ?? DEFAULT_SCOPE;
    if (!scopesGrant(auth.caller.scopes, needed)) throw forbidden(needed, auth.caller.scopes);
    return true;
  }
}

export function forbidden(needed: ApiKeyScope, held: readonly ApiKeyScope[]): ProblemException {
  return new ProblemException(
    HttpStatus.FORBIDDEN,
    'forbidden',
    'Forbidden',
    `this needs an API key with the "${needed}" scope (or admin); this key has ${held.length ? held.join(', ') : 'none'}`,
    { requiredScope: needed },
  );
}
