import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { ProblemException } from './problem';
import { handlerTakes } from './route-params';

/**
 * A route that reads no query parameters (no `@Query()`) refuses any, naming them: a parameter the client
 * thinks does something (`?limit=5` on a route without paging) must not be silently ignored. Routes with
 * `@Query()` validate theirs with a strict schema.
 */
@Injectable()
export class StrictQueryInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const names = Object.keys(context.switchToHttp().getRequest<Request>().query ?? {});
    if (names.length && !handlerTakes(context, RouteParamtypes.QUERY)) {
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'validation',
        'Invalid request',
        `unknown query parameter(s) ${names.join(', ')}; this route takes none`,
        { errors: names.map((name) => ({ path: name, message: 'unknown query parameter' })) },
      );
    }
    return next.handle();
  }
}
