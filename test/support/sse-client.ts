import { IncomingMessage, request } from 'node:http';

export interface SseMessage {
  id?: string;
  event: string;
  data: string;
}

/**
 * A Server-Sent Events client over node:http, reading the stream as it arrives (text/event-stream framing: fields
 * up to a blank line; lines starting with ':' are comments), for tests: it keeps every message and comment.
 */
export class SseClient {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  status = 0;
  headers: IncomingMessage['headers'] = {};
  /** Set once the server has ended the response. */
  ended = false;
  private buffer = '';
  private block: Partial<SseMessage> & { data?: string } = {};
  private destroy: () => void = () => undefined;
  private body = '';

  /** Opens the stream; resolves once the status line and headers are in. */
  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    await new Promise<void>((resolve, reject) => {
      const req = request(url, { agent: false, headers: { accept: 'text/event-stream', ...headers } });
      client.destroy = () => req.destroy();
      req.on('error', (error) => (client.status ? undefined : reject(error)));
      req.on('response', (res) => {
        client.status = res.statusCode ?? 0;
        client.headers = res.headers;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => client.feed(chunk));
        res.on('end', () => (client.ended = true));
        res.on('error', () => (client.ended = true));
        resolve();
      });
      req.end();
    });
    return client;
  }

  /** Whole body so far (for a response that is not a stream: a problem document). */
  get text(): string {
    return this.body;
  }

  get lastId(): string | undefined {
    return [...this.messages].reverse().find((m) => m.id !== undefined)?.id;
  }

  /** The messages' data, parsed. */
  events(): { id?: string; event: string; body: any }[] {
    return this.messages.map((m) => ({ id: m.id, event: m.event, body: JSON.parse(m.data) }));
  }

  close(): void {
    this.destroy();
  }

  async waitFor<T>(probe: (client: SseClient) => T | undefined | null | false, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe(this);
      if (value) return value;
      if (Date.now() > deadline) {
        throw new Error(`SSE: timed out; ${this.messages.length} messages, comments ${this.comments.join(' | ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private feed(chunk: string): void {
    this.body += chunk;
    this.buffer += chunk;
    for (;;) {
      const end = this.buffer.search(/\r\n|\r|\n/);
      if (end < 0) return;
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + (this.buffer.startsWith('\r\n', end) ? 2 : 1));
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') {
      if (this.block.data !== undefined) {
        this.messages.push({ id: this.block.id, event: this.block.event ?? 'message', data: this.block.data });
      }
      this.block = {};
      return;
    }
    if (line.startsWith(':')) {
      this.comments.push(line.slice(1).trim());
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') this.block.data = this.block.data === undefined ? value : `${this.block.data}\n${value}`;
    else if (field === 'id' || field === 'event') this.block[field] = value;
  }
}
