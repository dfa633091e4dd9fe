import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import type { PinoLogger } from 'nestjs-pino';
import { AppConfig, loadConfig } from '@storyline/config';
import type { StoryStreamReader, StreamEvent, StreamPosition } from '@storyline/pipeline';
import { LiveStreams } from './live-streams';

const TYPES = ['story.created', 'story.updated', 'story.merged', 'article.failed'];

/** A response whose client reads nothing once `full` is set: every write leaves the buffer full. */
class FakeResponse extends EventEmitter {
  written: string[] = [];
  full = false;
  writableEnded = false;
  destroyed = false;
  socket = null;
  get writableNeedDrain(): boolean {
    return this.full && !this.writableEnded;
  }
  status() {
    return this;
  }
  set() {
    return this;
  }
  flushHeaders() {}
  write(text: string): boolean {
    this.written.push(text);
    return !this.full;
  }
  end(text?: string) {
    if (text) this.written.push(text);
    this.writableEnded = true;
    if (!this.full) this.emit('finish');
  }
  destroy() {
    this.destroyed = true;
    this.emit('close');
  }
  /** The client reads everything. */
  drain() {
    this.full = false;
    this.emit('drain');
    if (this.writableEnded) this.emit('finish');
  }
}

function event(seq: number): StreamEvent {
  return {
    position: { xactId: 10n, seq: BigInt(seq) },
    type: 'story.created',
    payload: { id: `e${seq}`, type: 'story.created', data: { id: 's', sources: ['wire'], entities: [] } },
  };
}

/** Hands out `pending` events, one per read, then nothing. */
function fakeReader(pending: StreamEvent[]): StoryStreamReader {
  return {
    head: async () => ({ xactId: 9n, seq: 0n }),
    read: async (after: StreamPosition) => {
      const events = pending.splice(0, 1);
      return { events, settled: events[0]?.position ?? after };
    },
  } as unknown as StoryStreamReader;
}

const logger = { setContext: () => undefined, warn: () => undefined } as unknown as PinoLogger;
const until = async (probe: () => boolean, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('LiveStreams', () => {
  const config: AppConfig = loadConfig({
    STREAM_POLL_MS: '10',
    STREAM_HEARTBEAT_MS: '60000',
    STREAM_SLOW_CONSUMER_MS: '300',
    STREAM_MAX_CONNECTIONS: '2',
  });

  it('waits for a slow client to read, and ends the stream of one that does not, with a last comment', async () => {
    const streams = new LiveStreams(fakeReader([event(1), event(2), event(3)]), config, logger);
    const res = new FakeResponse();
    res.full = true;
    await streams.open(res as unknown as Response, { eventTypes: TYPES, filters: {} });
    await until(() => res.written.some((w) => w.startsWith('id: 10-1')));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(res.written.some((w) => w.startsWith('id: 10-2'))).toBe(false); // waiting for the client
    // The client reads within STREAM_SLOW_CONSUMER_MS: the stream goes on.
    setTimeout(() => res.drain(), 50);
    await until(() => res.written.some((w) => w.startsWith('id: 10-2')));
    expect(streams.size).toBe(1);
    // It stops reading: the stream ends with a comment, and its socket is cut a second later.
    res.full = true;
    await until(() => streams.size === 0);
    expect(res.written.at(-1)).toMatch(/^: too slow/);
    expect(res.destroyed).toBe(false);
    await until(() => res.destroyed, 2_000);
  });

  it('refuses streams past STREAM_MAX_CONNECTIONS with 503, and ends every stream on shutdown', async () => {
    const streams = new LiveStreams(fakeReader([]), config, logger);
    const [a, b] = [new FakeResponse(), new FakeResponse()];
    await streams.open(a as unknown as Response, { eventTypes: TYPES, filters: {} });
    await streams.open(b as unknown as Response, { eventTypes: TYPES, filters: {} });
    await expect(
      streams.open(new FakeResponse() as unknown as Response, { eventTypes: TYPES, filters: {} }),
    ).rejects.toMatchObject({ status: 503, response: { type: expect.stringContaining('too-many-streams') } });

    b.full = true; // a client not reading at shutdown does not hold the server's close
    streams.beforeApplicationShutdown();
    await until(() => streams.size === 0);
    for (const res of [a, b]) expect(res.written.at(-1)).toMatch(/^: server shutting down/);
    expect(a.writableEnded).toBe(true);
    await until(() => b.destroyed, 2_000);
    await expect(
      streams.open(new FakeResponse() as unknown as Response, { eventTypes: TYPES, filters: {} }),
    ).rejects.toMatchObject({ status: 503 });
  });

  it('sends only what the filters want, but moves past the rest', async () => {
    const other = { ...event(2), payload: { ...event(2).payload, data: { id: 't', sources: ['blog'], entities: [] } } };
    const streams = new LiveStreams(fakeReader([event(1), other, event(3)]), config, logger);
    const res = new FakeResponse();
    await streams.open(res as unknown as Response, { eventTypes: TYPES, filters: { sources: ['wire'] } });
    await until(() => res.written.some((w) => w.startsWith('id: 10-3')));
    expect(res.written.filter((w) => w.startsWith('id:')).map((w) => w.split('\n')[0])).toEqual([
      'id: 10-1',
      'id: 10-3',
    ]);
    streams.beforeApplicationShutdown();
  });
});
