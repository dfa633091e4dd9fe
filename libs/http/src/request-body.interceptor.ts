import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { from, mergeMap, Observable } from 'rxjs';
import type { AppConfig } from '@storyline/config';
import { readRequestBody } from './request-body';
import { handlerTakes } from './route-params';

const BODY_LIMIT = 'storyline:body-limit';

/** The settings that size request bodies (bytes). */
export type BodyLimitSetting = Extract<keyof AppConfig, `${string}_MAX_BYTES`>;

/** Enough for any webhook subscription, secret rotation or redelivery request. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** The largest body the route reads, as a setting; without it a route reads at most DEFAULT_BODY_LIMIT. */
export const BodyLimit = (setting: BodyLimitSetting): MethodDecorator => SetMetadata(BODY_LIMIT, setting);

/**
 * Reads the body of a route that takes one (`@Body()`), after the guards: a caller without a valid API key is
 * answered 401 before a byte of its body is read, or parsed. Routes without `@Body()` never read one.
 */
@Injectable()
export class RequestBodyInterceptor implements NestInterceptor {
  constructor(
    private readonly config: AppConfig,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!handlerTakes(context, RouteParamtypes.BODY)) return next.handle();
    const setting = this.reflector.get<BodyLimitSetting | undefined>(BODY_LIMIT, context.getHandler());
    const limit = setting ? this.config[setting] : DEFAULT_BODY_LIMIT;
    const req = context.switchToHttp().getRequest<Request>();
    return from(readRequestBody(req, limit)).pipe(
      mergeMap((body) => {
        req.body = body;
        return next.handle();
      }),
    );
  }
}
