import { BeforeApplicationShutdown, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import { ProblemException } from '@storyline/http';
import {
  formatStreamPosition,
  StoryStreamReader,
  StreamPosition,
  SubscriptionFilters,
  subscriptionWants,
} from '@storyline/pipeline';

/** Events read per query; a stream that is far behind reads batch after batch, each sent before the next. */
const BATCH = 200;
/** After its final comment, how long an ended stream's client has to read what is left before its socket is cut. */
const CUT_AFTER_MS = 1_000;

export interface StreamOptions {
  /** Where to start: after this position, or from now on. */
  after?: StreamPosition;
  eventTypes: string[];
  filters: SubscriptionFilters;
}

/**
 * The open GET /v1/stream connections of this process: at most STREAM_MAX_CONNECTIONS at once, each polling the
 * outbox on its own (StoryStreamReader) every STREAM_POLL_MS, without holding a Postgres connection between polls.
 * On shutdown (before the HTTP server closes) every stream is ended with a final comment, so the server's close
 * does not wait for them until SHUTDOWN_GRACE_MS runs out; clients reconnect with Last-Event-ID, elsewhere.
 */
@Injectable()
export class LiveStreams implements BeforeApplicationShutdown {
  private readonly streams = new Set<LiveStream>();
  private closing = false;

  constructor(
    private readonly reader: StoryStreamReader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(LiveStreams.name);
  }

  get size(): number {
    return this.streams.size;
  }

  /** Starts a stream on `res` (answers 503 problem+json instead when the process has no room for it). */
  async open(res: Response, options: StreamOptions): Promise<void> {
    if (this.closing) {
      throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'unavailable', 'Service unavailable', 'shutting down');
    }
    if (this.streams.size >= this.config.STREAM_MAX_CONNECTIONS) {
      throw new ProblemException(
        HttpStatus.SERVICE_UNAVAILABLE,
        'too-many-streams',
        'Too many streams',
        `this server already serves ${this.config.STREAM_MAX_CONNECTIONS} streams (STREAM_MAX_CONNECTIONS); retry later`,
      );
    }
    const stream = new LiveStream(res, this.reader, this.config, this.logger, options);
    // Counted before the first await, so that concurrent requests cannot all pass the check.
    this.streams.add(stream);
    try {
      await stream.start();
    } catch (error) {
      this.streams.delete(stream);
      throw error;
    }
    void stream.run().finally(() => this.streams.delete(stream));
  }

  beforeApplicationShutdown(): void {
    this.closing = true;
    for (const stream of this.streams) stream.end('server shutting down; reconnect with Last-Event-ID');
  }
}

/** One client's stream: polls, filters, writes; heartbeats; ends when the client goes, is too slow, or on shutdown. */
export class LiveStream {
  private position!: StreamPosition;
  private ended = false;
  private wake: (() => void) | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly res: Response,
    private readonly reader: StoryStreamReader,
    private readonly config: AppConfig,
    private readonly logger: PinoLogger,
    private readonly options: StreamOptions,
  ) {
    // From the first moment: a client gone while the starting position is read must not leave a stream polling.
    res.on('close', () => this.end());
  }

  /** Fixes the starting position (may throw: answered as a problem) and sends the headers. */
  async start(): Promise<void> {
    this.position = this.options.after ?? (await this.reader.head());
    if (this.ended) return;
    this.res.status(200);
    this.res.set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // nginx would otherwise buffer the stream.
      'X-Accel-Buffering': 'no',
    });
    this.res.flushHeaders();
    this.res.socket?.setNoDelay(true);
    // The client's reconnection delay, and a first line: the stream is open and its position fixed.
    this.send(`retry: ${Math.max(1000, this.config.STREAM_POLL_MS)}\n: stream open\n\n`);
    this.heartbeat = setInterval(() => {
      if (!this.res.writableNeedDrain) this.send(': heartbeat\n\n');
    }, this.config.STREAM_HEARTBEAT_MS);
  }

  async run(): Promise<void> {
    while (!this.ended) {
      let full = true;
      try {
        const { events, settled } = await this.reader.read(this.position, this.options.eventTypes, BATCH);
        if (this.ended) return;
        for (const event of events) {
          if (subscriptionWants(this.options.eventTypes, this.options.filters, event.type, event.payload?.data)) {
            const id = formatStreamPosition(event.position);
            this.send(`id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.payload)}\n\n`);
          }
          this.position = event.position;
        }
        full = events.length === BATCH;
        this.position = settled;
      } catch (error) {
        // The database is away: the stream stays open (heartbeats go on) and reads again at the next poll.
        this.logger.warn({ err: error }, 'live stream could not read the outbox; trying again');
        full = false;
      }
      if (this.res.writableNeedDrain && !(await this.drained())) {
        this.end(`too slow: the connection's buffer stayed full for ${this.config.STREAM_SLOW_CONSUMER_MS} ms`);
        return;
      }
      if (!full) await this.sleep(this.config.STREAM_POLL_MS);
    }
  }

  /**
   * Ends the stream, with a last comment saying why. A client that does not read what is left in the buffer within
   * CUT_AFTER_MS has its socket destroyed: ending waits for the buffer to flush, and the server's close (shutdown)
   * waits for the end.
   */
  end(reason?: string): void {
    if (this.ended) return;
    this.ended = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.wake?.();
    if (this.res.writableEnded || this.res.destroyed) return;
    const cut = setTimeout(() => this.res.destroy(), CUT_AFTER_MS).unref();
    this.res.once('finish', () => clearTimeout(cut));
    this.res.end(reason ? `: ${reason}\n\n` : undefined);
  }

  private send(text: string): void {
    if (!this.ended) this.res.write(text);
  }

  /** Whether the client read enough for the buffer to drain within STREAM_SLOW_CONSUMER_MS. */
  private drained(): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.res.off('drain', onDrain);
        this.wake = null;
        resolve(ok);
      };
      const onDrain = () => done(true);
      const timer = setTimeout(() => done(false), this.config.STREAM_SLOW_CONSUMER_MS);
      this.res.on('drain', onDrain);
      this.wake = () => done(true);
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }
}
