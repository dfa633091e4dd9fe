import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { type RateLimit, RateLimiter } from '@storyline/access';
import type { RequestWithCaller } from './api-key.guard';
import { ProblemException } from './problem';

/**
 * After ApiKeyGuard: a key over its service's limit (INGEST_RATE_LIMIT or QUERY_RATE_LIMIT per RATE_LIMIT_WINDOW_MS)
 * is answered 429 with Retry-After, before its body is read. Requests without a key (an open service, open
 * routes) and services whose limit is 0 are not counted.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    /** The service whose limit applies: its requests are counted apart from the other service's. */
    private readonly service: string,
    private readonly limit: RateLimit,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const caller = context.switchToHttp().getRequest<RequestWithCaller>().apiKey;
    if (!caller || this.limit.requests === 0) return true;
    const decision = await this.limiter.take(this.service, caller.id, this.limit);
    if (decision.allowed) return true;
    const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(seconds));
    throw new ProblemException(
      HttpStatus.TOO_MANY_REQUESTS,
      'too-many-requests',
      'Too many requests',
      `this API key may make ${this.limit.requests} requests to ${this.service} per ${this.limit.windowMs / 1000} s; retry in ${seconds} s`,
    );
  }
}
