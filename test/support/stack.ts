import { INestApplication, INestMicroservice } from '@nestjs/common';
import type { AppConfig } from '@storyline/config';
import { createDedupeApp } from '../../apps/dedupe/src/dedupe-app';
import { createEntitiesApp } from '../../apps/entities/src/entities-app';
import { createFetchApp } from '../../apps/fetch/src/fetch-app';
import { createIngestApp } from '../../apps/ingest/src/ingest-app';
import { createNormalizeApp } from '../../apps/normalize/src/normalize-app';
import { createQueryApp } from '../../apps/query/src/query-app';
import { createWebhooksApp } from '../../apps/webhooks/src/webhooks-app';

export type WorkerName = 'normalize' | 'dedupe' | 'entities' | 'webhooks' | 'fetch';

const WORKERS: Record<WorkerName, (config: AppConfig) => Promise<INestMicroservice>> = {
  normalize: createNormalizeApp,
  dedupe: createDedupeApp,
  entities: createEntitiesApp,
  webhooks: createWebhooksApp,
  fetch: createFetchApp,
};

/**
 * The whole stack in this process: the real Nest apps, listening on real sockets and consuming real queues.
 * Workers can be started more than once (to test horizontal scaling) and stopped individually.
 */
export class Stack {
  ingestUrl = '';
  queryUrl = '';
  private http: INestApplication[] = [];
  private workers: { name: WorkerName; app: INestMicroservice }[] = [];

  constructor(private readonly config: AppConfig) {}

  static async start(config: AppConfig, workers: WorkerName[] = ['normalize', 'dedupe', 'entities', 'webhooks']) {
    const stack = new Stack(config);
    const [ingest, query] = await Promise.all([createIngestApp(config), createQueryApp(config)]);
    await Promise.all([ingest.listen(0, '127.0.0.1'), query.listen(0, '127.0.0.1')]);
    stack.http.push(ingest, query);
    stack.ingestUrl = await ingest.getUrl();
    stack.queryUrl = await query.getUrl();
    for (const name of workers) await stack.startWorker(name);
    return stack;
  }

  async startWorker(name: WorkerName): Promise<INestMicroservice> {
    const app = await WORKERS[name](this.config);
    await app.listen();
    this.workers.push({ name, app });
    return app;
  }

  /** The first running worker of that name. */
  worker(name: WorkerName): INestMicroservice {
    const found = this.workers.find((w) => w.name === name);
    if (!found) throw new Error(`no ${name} worker is running`);
    return found.app;
  }

  /** Every running worker of that name, in the order they started. */
  workersNamed(name: WorkerName): INestMicroservice[] {
    return this.workers.filter((w) => w.name === name).map((w) => w.app);
  }

  async stopWorker(name: WorkerName): Promise<void> {
    const running = this.workers.filter((w) => w.name === name);
    this.workers = this.workers.filter((w) => w.name !== name);
    await Promise.all(running.map((w) => w.app.close()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.app.close()));
    await Promise.all(this.http.map((a) => a.close()));
    this.workers = [];
    this.http = [];
  }

  async postArticle(body: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${this.ingestUrl}/v1/articles`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  }

  async get(path: string): Promise<any> {
    const res = await fetch(`${this.queryUrl}${path}`);
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  async send(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.queryUrl}${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  /** Resolves when every given article is done or failed, with their final views. */
  async waitForArticles(ids: string[], timeoutMs = 90_000): Promise<any[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const views = await Promise.all(ids.map((id) => this.get(`/v1/articles/${id}`)));
      if (views.every((v) => v.status === 'done' || v.status === 'failed')) return views;
      if (Date.now() > deadline) {
        throw new Error(`articles not final: ${views.map((v) => `${v.id}=${v.status}`).join(', ')}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
