import { createHash, timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, HttpStatus, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ProblemException } from './problem';

const OPEN_ROUTE = 'storyline:open-route';

/** A route every caller may use when API keys are configured (health probes: orchestrators carry no key). */
export const OpenRoute = (): MethodDecorator & ClassDecorator => SetMetadata(OPEN_ROUTE, true);

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * With API_KEYS set, a request needs `Authorization: Bearer <key>` for one of them. Keys are compared as SHA-256
 * digests with timingSafeEqual: equal lengths whatever was sent, and no timing hint of how much of a key matched.
 * Without keys the guard lets everything through (the services are then meant for a private network).
 */
export class ApiKeyGuard implements CanActivate {
  private readonly keys: Buffer[];

  constructor(
    keys: readonly string[],
    private readonly reflector: Reflector,
  ) {
    this.keys = keys.map(digest);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.keys.length === 0) return true;
    if (this.reflector.getAllAndOverride<boolean>(OPEN_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const http = context.switchToHttp();
    const header = http.getRequest<Request>().headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (match) {
      const sent = digest(match[1]);
      // Every key is compared, so the time taken does not say which one (if any) matched.
      if (this.keys.map((key) => timingSafeEqual(key, sent)).some(Boolean)) return true;
    }
    http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer');
    throw new ProblemException(
      HttpStatus.UNAUTHORIZED,
      'unauthorized',
      'Unauthorized',
      match ? 'the API key is not one this service accepts' : 'send Authorization: Bearer <API key>',
    );
  }
}
