import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** One webhook call as the subscriber saw it. */
export interface Delivery {
  /** Wall clock at the end of the request, ms. */
  at: number;
  /** The event's id (also its webhook-id): the same on every delivery of one event. */
  eventId: string | null;
  type: string;
  storyId: string | null;
  version: number | null;
  articleIds: string[];
}

interface Snapshot {
  id?: string;
  version?: number;
  articles?: { id: string }[];
}

/** How the receiver fails while told to (the chaos test): an error status, or the connection cut unanswered. */
export type ReceiverFailure = 'status-500' | 'connection-reset';

/**
 * The benchmark's subscriber: a real HTTP server on localhost answering 204 at once, recording when each story
 * event arrived and which articles its snapshot lists. It shares the benchmark's event loop, which only posts
 * batches and polls Postgres meanwhile, so receive times are not held up by work of its own. While `failing` is
 * set it refuses every call that way and records nothing (the sender must try again).
 */
export class BenchReceiver {
  readonly deliveries: Delivery[] = [];
  failing: ReceiverFailure | null = null;
  /** Calls refused while failing. */
  refused = 0;
  private server?: Server;

  async start(port: number): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const at = Date.now();
        if (this.failing) {
          this.refused++;
          if (this.failing === 'status-500') res.writeHead(500).end();
          else req.socket.destroy();
          return;
        }
        res.writeHead(204).end();
        this.record(at, Buffer.concat(chunks).toString('utf8'));
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', resolve);
    });
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server?.listening) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private record(at: number, body: string): void {
    try {
      const event = JSON.parse(body) as { id?: string; type: string; data?: Snapshot & { story?: Snapshot } };
      // story.merged carries the surviving story's snapshot under data.story; created and updated, as data.
      const story = event.data?.story ?? event.data;
      this.deliveries.push({
        at,
        eventId: event.id ?? null,
        type: event.type,
        storyId: story?.id ?? null,
        version: story?.version ?? null,
        articleIds: story?.articles?.map((a) => a.id) ?? [],
      });
    } catch {
      this.deliveries.push({ at, eventId: null, type: 'unparsable', storyId: null, version: null, articleIds: [] });
    }
  }
}
