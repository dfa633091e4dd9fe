import { randomUUID } from 'node:crypto';
import { ChildProcess, fork } from 'node:child_process';
import Redis from 'ioredis';
import { Client } from 'pg';
import { AppConfig, loadConfig } from '@storyline/config';
import { JobName, StoryEventType, WEBHOOK_EVENT_SCHEMA_VERSION } from '@storyline/contracts';
import { generateWebhookSecret } from '@storyline/webhooks';
import { BullMqClient } from '@storyline/transport';
import { createWebhooksApp } from '../../apps/webhooks/src/webhooks-app';
import { withScratchDatabase } from '../db/scratch-database';
import { environment, markdownTable, writeReport } from './report';

/**
 * `npm run bench:webhooks`: the real webhooks worker (outbox relay + signed delivery) against a fast receiver
 * on localhost, on a scratch database and queue prefix.
 *  - throughput: 100 subscriptions, a burst of story events → deliveries/s until every one is delivered;
 *  - latency: events committed one at a time (coalescing off) → time from commit to the receiver, p50/p99.
 */
const SUBSCRIPTIONS = Number(process.env.BENCH_SUBSCRIPTIONS ?? 100);
const BURST_EVENTS = Number(process.env.BENCH_BURST_EVENTS ?? 60);
const LATENCY_EVENTS = Number(process.env.BENCH_LATENCY_EVENTS ?? 150);

/**
 * The receiver runs in a child process of its own, as a subscriber would: sharing the worker's event loop
 * would charge the receiver's work to the worker. It reports each arrival (event id, time) over IPC.
 */
const RECEIVER_SOURCE = `
const http = require('node:http');
let pending = [];
const server = http.createServer((req, res) => {
  const id = req.headers['webhook-id'];
  req.resume();
  req.on('end', () => { pending.push([id, performance.timeOrigin + performance.now()]); res.writeHead(204).end(); });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
setInterval(() => { if (pending.length) { process.send({ arrivals: pending }); pending = []; } }, 5);
process.on('message', (m) => { if (m === 'stop') { server.closeAllConnections(); server.close(() => process.exit(0)); } });
`;

class Receiver {
  count = 0;
  arrivals = new Map<string, number[]>();
  private child?: ChildProcess;

  async start(): Promise<string> {
    this.child = fork('-e', [RECEIVER_SOURCE], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (m: { arrivals?: [string, number][] }) => {
      for (const [id, at] of m.arrivals ?? []) {
        this.count++;
        this.arrivals.set(id, [...(this.arrivals.get(id) ?? []), at]);
      }
    });
    const port = await new Promise<number>((resolve) =>
      this.child!.on('message', (m: { port?: number }) => m.port && resolve(m.port)),
    );
    return `http://127.0.0.1:${port}/hook`;
  }

  async waitFor(total: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.count < total) {
      if (Date.now() > deadline) throw new Error(`receiver got ${this.count} of ${total} deliveries`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.child!.once('exit', () => resolve());
      this.child!.send('stop');
    });
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function insertEvent(db: Client, storyId: string, version: number): Promise<{ id: string; committedAt: number }> {
  const id = randomUUID();
  const payload = {
    id,
    type: version === 1 ? StoryEventType.Created : StoryEventType.Updated,
    schemaVersion: WEBHOOK_EVENT_SCHEMA_VERSION,
    timestamp: new Date().toISOString(),
    data: {
      id: storyId,
      version,
      title: 'Benchmark story',
      articleCount: version,
      sources: [],
      entities: [],
      articles: [],
    },
  };
  await db.query(`INSERT INTO story_event (id, type, story_id, story_version, payload) VALUES ($1, $2, $3, $4, $5)`, [
    id,
    payload.type,
    storyId,
    version,
    payload,
  ]);
  return { id, committedAt: performance.timeOrigin + performance.now() };
}

async function run(config: AppConfig) {
  const db = new Client({ connectionString: config.DATABASE_URL });
  await db.connect();
  const receiver = new Receiver();
  const url = await receiver.start();
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    const secrets = [{ secret: generateWebhookSecret(), createdAt: new Date().toISOString(), expiresAt: null }];
    await db.query(
      `INSERT INTO webhook_subscription (id, url, event_types, filters, secrets, status) VALUES ($1, $2, $3, '{}', $4, 'active')`,
      [randomUUID(), url, ['story.created', 'story.updated'], JSON.stringify(secrets)],
    );
  }
  const producer = new BullMqClient({
    connection: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    route: () => ({ queue: 'webhooks' }),
  });
  const nudge = () =>
    producer.addJob(JobName.RelayOutbox, { reason: 'bench' }, { opts: { deduplication: { id: 'relay-outbox-now' } } });
  const app = await createWebhooksApp(config);
  await app.listen();

  // Throughput: one story event per story, all committed at once, each owed to every subscription.
  const burstStart = performance.now();
  for (let i = 0; i < BURST_EVENTS; i++) await insertEvent(db, randomUUID(), 1);
  await nudge();
  await receiver.waitFor(BURST_EVENTS * SUBSCRIPTIONS, 300_000);
  const burstSeconds = (performance.now() - burstStart) / 1000;

  // Latency: one event at a time, fully delivered before the next.
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_EVENTS; i++) {
    const before = receiver.count;
    const event = await insertEvent(db, randomUUID(), 1);
    await nudge();
    await receiver.waitFor(before + SUBSCRIPTIONS, 60_000);
    for (const at of receiver.arrivals.get(event.id) ?? []) latencies.push(at - event.committedAt);
  }
  latencies.sort((a, b) => a - b);

  await app.close();
  await producer.close();
  await receiver.stop();
  await db.end();
  return {
    subscriptions: SUBSCRIPTIONS,
    concurrency: config.WEBHOOK_CONCURRENCY,
    throughput: {
      events: BURST_EVENTS,
      deliveries: BURST_EVENTS * SUBSCRIPTIONS,
      seconds: Math.round(burstSeconds * 100) / 100,
      deliveriesPerSecond: Math.round((BURST_EVENTS * SUBSCRIPTIONS) / burstSeconds),
    },
    latencyMs: {
      events: LATENCY_EVENTS,
      deliveries: latencies.length,
      p50: Math.round(percentile(latencies, 50)),
      p90: Math.round(percentile(latencies, 90)),
      p99: Math.round(percentile(latencies, 99)),
      max: Math.round(latencies[latencies.length - 1]),
    },
  };
}

async function main(): Promise<void> {
  const base = loadConfig();
  const prefix = `bench_webhooks_${process.pid}`;
  const result = await withScratchDatabase(base.DATABASE_URL, (url) =>
    run(
      loadConfig({
        ...process.env,
        DATABASE_URL: url,
        QUEUE_PREFIX: prefix,
        LOG_LEVEL: 'warn',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        WEBHOOK_COALESCE_MS: '0',
        WEBHOOK_OUTBOX_POLL_MS: '1000',
      }),
    ),
  );
  const redis = new Redis(base.REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();

  const report = { benchmark: 'webhooks', at: new Date().toISOString(), environment: environment(), ...result };
  const md = [
    '# bench:webhooks',
    '',
    `One webhooks worker process (concurrency ${result.concurrency}), ${result.subscriptions} subscriptions, receiver on localhost.`,
    '',
    markdownTable(
      ['measure', 'value'],
      [
        ['deliveries/s (burst)', result.throughput.deliveriesPerSecond],
        ['burst', `${result.throughput.deliveries} deliveries in ${result.throughput.seconds} s`],
        ['latency p50 (commit → receiver)', `${result.latencyMs.p50} ms`],
        ['latency p90', `${result.latencyMs.p90} ms`],
        ['latency p99', `${result.latencyMs.p99} ms`],
        ['latency max', `${result.latencyMs.max} ms`],
      ],
    ),
    '',
    `Targets: ≥ 1,000 deliveries/s; p99 < 200 ms with coalescing off. Node ${report.environment.node}, ${report.environment.cores} cores, load ${report.environment.loadAverage1m}.`,
  ].join('\n');
  const written = writeReport('webhooks', report, md);
  process.stdout.write(`${md}\n\nwrote ${written.json} and ${written.markdown}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
