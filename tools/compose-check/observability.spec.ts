import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModuleRef } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { QueueName } from '@storyline/contracts';
import { MetricsModule } from '@storyline/http';
import {
  FetchMetrics,
  type PageCollector,
  PipelineMetrics,
  type PipelineQueue,
  WorkerMetrics,
} from '@storyline/pipeline';
import type { BullMqServer } from '@storyline/transport';

// The compose profile `observability` (docker-compose.yml, observability/): its dashboard must ask only for series the
// services expose, and Prometheus must scrape every service where it serves /metrics. Checked without Docker: the
// Prometheus and Grafana images come from a registry this machine cannot reach.
const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** A metric as Prometheus stores it once scraped: its series names and the labels they carry. */
interface Exposed {
  series: string[];
  labels: string[];
}

/** Labels Prometheus adds to every series it scrapes; a scraped label of the same name is kept as `exported_<name>`. */
const TARGET_LABELS = ['job', 'instance'];
/** Set on every registry with setDefaultLabels (MetricsModule, WorkerMetrics). */
const DEFAULT_LABELS = ['service'];
/** Prometheus's own series, not the services'. */
const PROMETHEUS_SERIES = new Map<string, Exposed>([['up', { series: ['up'], labels: [] }]]);

function exposed(registries: Registry[]): Map<string, Exposed> {
  const byName = new Map(PROMETHEUS_SERIES);
  for (const registry of registries) {
    for (const metric of registry.getMetricsAsArray() as unknown as Array<{
      name: string;
      type: string;
      labelNames?: string[];
    }>) {
      const labels = [...(metric.labelNames ?? []), ...DEFAULT_LABELS].map((label) =>
        TARGET_LABELS.includes(label) ? `exported_${label}` : label,
      );
      const { name } = metric;
      const series =
        metric.type === 'histogram'
          ? [`${name}_bucket`, `${name}_sum`, `${name}_count`]
          : metric.type === 'summary'
            ? [name, `${name}_sum`, `${name}_count`]
            : [name];
      for (const seriesName of series) {
        byName.set(seriesName, { series, labels: seriesName.endsWith('_bucket') ? [...labels, 'le'] : labels });
      }
    }
  }
  return byName;
}

/** The metric names, the label names and the `queue` values a PromQL expression uses. */
function parseExpression(expr: string): { metrics: string[]; labels: string[]; queues: string[] } {
  const labels: string[] = [];
  const queues: string[] = [];
  let rest = expr.replace(/\{([^}]*)\}/g, (_, matchers: string) => {
    for (const [, label, , value] of matchers.matchAll(/([a-zA-Z_]\w*)\s*(=~|!~|!=|=)\s*"([^"]*)"/g)) {
      labels.push(label);
      if (label === 'queue') queues.push(value);
    }
    return ' ';
  });
  rest = rest.replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g, (_, list: string) => {
    labels.push(
      ...list
        .split(',')
        .map((label) => label.trim())
        .filter(Boolean),
    );
    return ' ';
  });
  rest = rest.replace(/\[[^\]]*\]/g, ' ').replace(/"[^"]*"/g, ' ');
  const keywords = new Set(['and', 'or', 'unless', 'bool', 'offset']);
  const metrics = [...rest.matchAll(/\b([a-zA-Z_:][\w:]*)\b(?!\s*\()/g)]
    .map(([, name]) => name)
    .filter((name) => !keywords.has(name));
  return { metrics, labels, queues };
}

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  targets?: Array<{ expr: string; legendFormat?: string; datasource?: { uid: string } }>;
}

describe('the observability profile', () => {
  let metrics: Map<string, Exposed>;
  const dashboard = JSON.parse(read('observability/grafana/dashboards/storyline.json'));
  const panels: Panel[] = dashboard.panels;
  const charts = panels.filter((panel) => panel.type !== 'row');

  beforeAll(async () => {
    // An HTTP service's registry as MetricsModule builds it, with query's pipeline gauges; a worker's, with fetch's
    // additions. Nothing is collected: the stores are never read.
    const http = await Test.createTestingModule({ imports: [MetricsModule.forRoot('query')] }).compile();
    const httpRegistry: Registry = http.get(Registry);
    new PipelineMetrics(httpRegistry, {} as DataSource, {} as PipelineQueue).onModuleInit();
    const server = { status: { subscribe: () => undefined }, on: () => undefined } as unknown as BullMqServer;
    const worker = new WorkerMetrics('fetch', server);
    new FetchMetrics({ get: () => worker } as unknown as ModuleRef, {} as PageCollector).onApplicationBootstrap();
    metrics = exposed([httpRegistry, worker.registry]);
    await http.close();
  });

  it('has a dashboard with panels for queues, stages, HTTP, webhooks and the database', () => {
    expect(dashboard.uid).toBeTruthy();
    const rows = panels.filter((panel) => panel.type === 'row').map((panel) => panel.title);
    expect(rows).toEqual(expect.arrayContaining(['Queues', 'Stages', 'HTTP', 'Webhooks', 'Database']));
    expect(charts.length).toBeGreaterThan(10);
    for (const panel of charts) expect(panel.targets?.length).toBeGreaterThan(0);
    const ids = panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('queries only series the services expose, by labels they carry', () => {
    const problems: string[] = [];
    for (const panel of charts) {
      for (const { expr, legendFormat } of panel.targets ?? []) {
        const used = parseExpression(expr);
        if (used.metrics.length === 0) problems.push(`${panel.title}: no metric in ${expr}`);
        const known = new Set([...TARGET_LABELS]);
        for (const name of used.metrics) {
          const metric = metrics.get(name);
          if (!metric) problems.push(`${panel.title}: ${name} is registered nowhere`);
          else metric.labels.forEach((label) => known.add(label));
        }
        const legend = [...(legendFormat ?? '').matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map(([, label]) => label);
        for (const label of [...used.labels, ...legend]) {
          if (!known.has(label))
            problems.push(`${panel.title}: label ${label} is on none of ${used.metrics.join(', ')}`);
        }
        for (const queue of used.queues) {
          if (!(Object.values(QueueName) as string[]).includes(queue))
            problems.push(`${panel.title}: no queue ${queue}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('catches a metric or a label the code does not have', () => {
    const { metrics: names, labels } = parseExpression(
      'sum by (queue, le) (rate(storyline_job_duration_seconds_bucket{outcome="completed"}[$__rate_interval])) / on (queue) storyline_no_such_total',
    );
    expect(names).toEqual(['storyline_job_duration_seconds_bucket', 'storyline_no_such_total']);
    expect(labels).toEqual(['outcome', 'queue', 'le', 'queue']);
    expect(metrics.has('storyline_no_such_total')).toBe(false);
    // storyline_jobs_total's own `job` label is stored as exported_job: `job` is Prometheus's scrape job.
    expect(metrics.get('storyline_jobs_total')?.labels).toEqual(expect.arrayContaining(['exported_job', 'queue']));
  });

  it('reads every panel from the provisioned Prometheus data source', () => {
    const datasource = read('observability/grafana/provisioning/datasources/prometheus.yml');
    const uid = /^\s*uid:\s*(\S+)\s*$/m.exec(datasource)?.[1];
    expect(uid).toBeTruthy();
    for (const panel of charts) {
      expect(panel.datasource?.uid).toBe(uid);
      for (const target of panel.targets ?? []) expect(target.datasource?.uid).toBe(uid);
    }
  });

  it('has Grafana load the dashboards from where compose mounts them', () => {
    const provider = read('observability/grafana/provisioning/dashboards/storyline.yml');
    const path = /^\s*path:\s*(\S+)\s*$/m.exec(provider)?.[1];
    expect(read('docker-compose.yml')).toContain(`- ./observability/grafana/dashboards:${path}:ro`);
  });

  it('has Prometheus scrape every app service of the compose file on the port it serves /metrics on', () => {
    const compose = read('docker-compose.yml');
    const prometheus = read('observability/prometheus.yml');
    const services = [...compose.matchAll(/^ {2}(\w+):\n {4}<<: \*app$/gm)].map(([, service]) => service);
    expect(services).toEqual(expect.arrayContaining(['ingest', 'query', 'normalize', 'dedupe', 'entities']));
    const jobs = new Map(
      [
        ...prometheus.matchAll(
          /- job_name: (\w+)\n\s+dns_sd_configs:\n\s+- names: \[(\w+)\]\n\s+type: A\n\s+port: (\d+)/g,
        ),
      ].map(([, job, name, port]) => [job, { name, port }]),
    );
    for (const service of services) {
      // The HTTP services serve /metrics on their API port; a worker on <SERVICE>_METRICS_PORT.
      const variable = ['ingest', 'query'].includes(service)
        ? `${service.toUpperCase()}_PORT`
        : `${service.toUpperCase()}_METRICS_PORT`;
      const port = new RegExp(`^\\s+${variable}: "(\\d+)"$`, 'm').exec(compose)?.[1];
      expect({ service, port }).toEqual({ service, port: expect.stringMatching(/^\d+$/) });
      expect(jobs.get(service)).toEqual({ name: service, port });
    }
    expect([...jobs.keys()].sort()).toEqual([...services].sort());
  });
});
