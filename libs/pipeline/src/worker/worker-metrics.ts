import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Job } from 'bullmq';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { type BullMqServer, isFinalFailure } from '@storyline/transport';

/**
 * A worker's own `/metrics`: the process (CPU, memory, event-loop lag — a worker busy with CPU-bound text work
 * shows here first) and its jobs by queue, job name and outcome, with their run time. Query's /metrics says how
 * much work waits; this says how each worker copy is doing with it. Beside it, `/health/ready` answers 200 while
 * the worker consumes its queue and 503 before (connecting to Redis) and once it stops, for health checks
 * (compose's `up --wait`, a Kubernetes readiness probe): the metrics port serves as soon as the app starts, before
 * the worker takes any job.
 *
 * Served by node:http, not Nest's HTTP stack: a worker is a microservice with no HTTP server of its own, and two
 * read-only routes do not need one.
 */
export class WorkerMetrics {
  readonly registry = new Registry();
  private http?: Server;
  /** The port /metrics is served on, once listening. */
  port?: number;
  private consuming = false;

  constructor(service: string, server: BullMqServer) {
    server.status.subscribe((status) => (this.consuming = status === 'connected'));
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'storyline_' });
    const labelNames = ['queue', 'job', 'outcome'];
    const jobs = new Counter({
      name: 'storyline_jobs_total',
      help: 'Jobs this worker ran, by queue, job name and outcome (completed; retrying: failed, will be retried; failed: failed for good)',
      labelNames,
      registers: [this.registry],
    });
    const duration = new Histogram({
      name: 'storyline_job_duration_seconds',
      help: 'Time a job ran in this worker, by queue, job name and outcome',
      labelNames,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
    const observe = (job: Job, outcome: string) => {
      const labels = { queue: job.queueName, job: job.name, outcome };
      jobs.inc(labels);
      if (job.processedOn)
        duration.observe(labels, Math.max(0, (job.finishedOn ?? Date.now()) - job.processedOn) / 1000);
    };
    server.on('completed', (job) => observe(job, 'completed'));
    server.on('failed', (job, error) => {
      if (!job) return;
      observe(job, isFinalFailure(job, error) ? 'failed' : 'retrying');
    });
  }

  /** Serves GET /metrics and GET /health/ready on host:port; resolves with the port bound (0 picks a free one). */
  listen(port: number, host: string): Promise<number> {
    const http = createServer((req, res) => {
      const path = req.method === 'GET' ? req.url?.split('?')[0] : undefined;
      if (path === '/health/ready') {
        res
          .writeHead(this.consuming ? 200 : 503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: this.consuming ? 'ok' : 'not consuming' }));
        return;
      }
      if (path !== '/metrics') {
        res
          .writeHead(404, { 'content-type': 'text/plain' })
          .end('only GET /metrics and /health/ready are served here\n');
        return;
      }
      this.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
        (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`),
      );
    });
    this.http = http;
    return new Promise((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, host, () => {
        http.off('error', reject);
        this.port = (http.address() as AddressInfo).port;
        resolve(this.port);
      });
    });
  }

  close(): Promise<void> {
    const http = this.http;
    if (!http?.listening) return Promise.resolve();
    return new Promise((resolve) => {
      http.close(() => resolve());
      http.closeAllConnections();
    });
  }
}
