import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/**
 * A real HTTP server on localhost that records every webhook call. `respond` decides each answer, so tests
 * can make it fail, throttle or go away and come back.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** The answer to each call; `delayMs` holds it back that long, as a slow receiver does. */
  respond: (
    call: ReceivedWebhook,
    index: number,
  ) => { status: number; headers?: Record<string, string>; body?: string; delayMs?: number } = () => ({
    status: 204,
  });
  private server?: Server;
  private calls = 0;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const call = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
        this.received.push(call);
        const answer = this.respond(call, this.calls++);
        setTimeout(() => {
          res.writeHead(answer.status, answer.headers ?? {});
          res.end(answer.body ?? '');
        }, answer.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  events(): { id: string; type: string; data: any; headers: IncomingHttpHeaders; body: string }[] {
    return this.received.map((r) => ({ ...JSON.parse(r.body), headers: r.headers, body: r.body }));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
