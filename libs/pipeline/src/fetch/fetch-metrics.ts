import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Counter, Gauge, Registry } from 'prom-client';
import { WorkerMetrics } from '../worker/worker-metrics';
import { PageCollector } from './page-collector';

/**
 * What the fetch worker adds to its /metrics (served when FETCH_METRICS_PORT is set): feed polls and items, fetches
 * by outcome, and the requests waiting for their turn at each host, where a slow or strict site shows first. Each
 * worker counts its own waiting requests, and those wait for the turn all workers share: `sum by (host)` over the
 * workers is the host's whole queue.
 */
@Injectable()
export class FetchMetrics implements OnApplicationBootstrap {
  /** Kept apart until the worker's registry is known; a worker without /metrics still counts, unread. */
  private readonly registry = new Registry();
  private readonly hostWaiting: Gauge;
  readonly fetches = new Counter({
    name: 'storyline_fetches_total',
    help: 'Page fetches of articles, by outcome (fetched, duplicate, failed, retrying) and reason kind',
    labelNames: ['outcome', 'kind'],
    registers: [this.registry],
  });

  readonly polls = new Counter({
    name: 'storyline_feed_polls_total',
    help: 'Feed polls, by outcome (ok, not-modified, error)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly items = new Counter({
    name: 'storyline_feed_items_total',
    help: 'Feed items read (seen), and those that became articles (ingested: new to Storyline)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  constructor(
    private readonly moduleRef: ModuleRef,
    collector: PageCollector,
  ) {
    this.hostWaiting = new Gauge({
      name: 'storyline_fetch_host_waiting',
      help: "Requests of this process waiting for their turn at a host (for one of the host's open requests shared by all fetch workers, then for the spacing), by host; summed over the workers, the host's queue",
      labelNames: ['host'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [host, depth] of collector.politeness.queueDepths()) this.set({ host }, depth);
      },
    });
  }

  onApplicationBootstrap(): void {
    let worker: WorkerMetrics;
    try {
      worker = this.moduleRef.get(WorkerMetrics, { strict: false });
    } catch {
      return; // no FETCH_METRICS_PORT: nothing serves them
    }
    worker.registry.registerMetric(this.fetches);
    worker.registry.registerMetric(this.polls);
    worker.registry.registerMetric(this.items);
    worker.registry.registerMetric(this.hostWaiting);
  }
}
