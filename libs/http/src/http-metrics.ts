import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram, Registry } from 'prom-client';

/**
 * Requests and their latency per route and status. The route is the controller's path template
 * (`/v1/stories/:id`), never the raw URL, so that ids do not make a new series each; a request no route matched,
 * or refused before routing (a request target that is not text: NUL, not UTF-8), is `unmatched`.
 *
 * Observed by an Express middleware placed before everything else, not a Nest interceptor: interceptors run after
 * guards, so requests refused by the API-key guard (401) or before routing — among those an operator most needs
 * to see — would not be counted.
 */
@Injectable()
export class HttpMetrics {
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

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    // Counted when the answer has gone out: only then is its status final, and Express has set `req.route` if a
    // route matched (a request refused before its handler still matched its route).
    res.once('finish', () => {
      const path = (req.route as { path?: string } | undefined)?.path ?? '';
      // No route of ours has a wildcard: one is the framework's catch-all that answers 404. A request served by a
      // mounted router's middleware (the queue dashboard's files) has no route, but the mount point.
      const route = (path && !path.includes('*') ? `${req.baseUrl ?? ''}${path}` : req.baseUrl) || 'unmatched';
      const labels = { method: req.method, route, status: res.statusCode };
      this.requests.inc(labels);
      this.duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
