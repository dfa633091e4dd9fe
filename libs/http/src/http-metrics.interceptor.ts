import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Counter, Histogram, Registry } from 'prom-client';
import { Observable } from 'rxjs';

/**
 * Requests and their latency per route and status. The route is the controller's path template
 * (`/v1/stories/:id`), never the raw URL, so that ids do not make a new series each.
 */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  private readonly requests: Counter;
  private readonly duration: Histogram;

  constructor(registry: Registry) {
    const labelNames = ['method', 'route', 'status'];
    this.requests = new Counter({
      name: 'storyline_http_requests_total',
      help: 'HTTP requests answered, by method, route and status',
      labelNames,
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'storyline_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route and status',
      labelNames,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const started = process.hrtime.bigint();
    // Counted when the answer has gone out: only then is its status final (a default status is applied after the
    // handler, an error's by the exception filter).
    res.once('finish', () => {
      const route = `${req.baseUrl ?? ''}${(req.route as { path?: string } | undefined)?.path ?? ''}` || 'unmatched';
      const labels = { method: req.method, route, status: res.statusCode };
      this.requests.inc(labels);
      this.duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    return next.handle();
  }
}
