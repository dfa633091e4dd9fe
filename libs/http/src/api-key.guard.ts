import { CanActivate, ExecutionContext, HttpStatus, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ApiKeys } from './api-keys';
import { ProblemException } from './problem';

const OPEN_ROUTE = 'storyline:open-route';

/** A route every caller may use when API keys are configured (health probes: orchestrators carry no key). */
export const OpenRoute = (): MethodDecorator & ClassDecorator => SetMetadata(OPEN_ROUTE, true);

/**
 * With API_KEYS set, a request needs `Authorization: Bearer <key>` for one of them. Without keys the guard lets
 * everything through (the services are then meant for a private network).
 */
export class ApiKeyGuard implements CanActivate {
  private readonly keys: ApiKeys;

  constructor(
    keys: readonly string[],
    private readonly reflector: Reflector,
  ) {
    this.keys = new ApiKeys(keys);
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.keys.required) return true;
    if (this.reflector.getAllAndOverride<boolean>(OPEN_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const http = context.switchToHttp();
    const header = http.getRequest<Request>().headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (match && this.keys.accepts(match[1])) return true;
    http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer');
    throw new ProblemException(
      HttpStatus.UNAUTHORIZED,
      'unauthorized',
      'Unauthorized',
      match ? 'the API key is not one this service accepts' : 'send Authorization: Bearer <API key>',
    );
  }
}
