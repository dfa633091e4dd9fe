import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A place in the live stream: after the event (xactId, seq), in that order. Sent to clients as `<xactId>-<seq>`. */
export interface StreamPosition {
  xactId: bigint;
  seq: bigint;
}

export interface StreamEvent {
  position: StreamPosition;
  type: string;
  /** The event as webhooks send it (envelope included). */
  payload: { id: string; type: string; data: unknown } & Record<string, unknown>;
}

const MAX_BIGINT = 2n ** 63n - 1n;
const POSITION = /^([0-9]{1,19})-([0-9]{1,19})$/;

export function formatStreamPosition(p: StreamPosition): string {
  return `${p.xactId}-${p.seq}`;
}

/** The position a client sent back (`Last-Event-ID`), or null when it is not one this server wrote. */
export function parseStreamPosition(text: string): StreamPosition | null {
  const match = POSITION.exec(text.trim());
  if (!match) return null;
  const [xactId, seq] = [BigInt(match[1]), BigInt(match[2])];
  return xactId <= MAX_BIGINT && seq <= MAX_BIGINT ? { xactId, seq } : null;
}

export function positionAfter(a: StreamPosition, b: StreamPosition): boolean {
  return a.xactId > b.xactId || (a.xactId === b.xactId && a.seq > b.seq);
}

/**
 * Reads the outbox (story_event) in an order that no later commit can go back on, for GET /v1/stream.
 *
 * Why not `seq` (a bigserial) or created_at alone: both are taken while the writing transaction runs, not when it
 * commits. A reader that has sent seq 11 would never send seq 10 if the transaction holding it committed a moment
 * later — a gap a resumed client could not see. A settle delay ("only events older than 2 s") narrows that window
 * but does not close it: a dedupe decision may run for many seconds (lock waits, WORKER_STATEMENT_TIMEOUT_MS).
 *
 * So every event carries the id of the transaction that wrote it (`xact_id`, 64-bit, never wraps), and the stream
 * is ordered by (xact_id, seq) and only ever shows events whose transaction is below the reading snapshot's xmin
 * (`pg_snapshot_xmin(pg_current_snapshot())`, taken in the same statement as the read): every transaction with a
 * lower id has ended — committed, so its events are visible to that read, or rolled back, so it has none. Any event
 * that becomes visible later belongs to a transaction at or above that xmin, so it sorts after everything already
 * sent: a resumed stream has no gap and repeats nothing. The price: a long-running transaction that wrote anything
 * (not only events) holds the stream back until it ends, then its events and those behind it arrive at once.
 */
@Injectable()
export class StoryStreamReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The position "now": events whose transactions are still running or still to come lie after it. */
  async head(): Promise<StreamPosition> {
    const [{ xmin }]: { xmin: string }[] = await this.db.query(
      `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`,
    );
    return { xactId: BigInt(xmin) - 1n, seq: MAX_BIGINT };
  }

  /**
   * Up to `limit` events of `types` after `after`, in stream order, and the position the caller may move to when
   * fewer than `limit` came back (`settled`: every event of those types before it has been returned already).
   */
  async read(
    after: StreamPosition,
    types: readonly string[],
    limit: number,
  ): Promise<{ events: StreamEvent[]; settled: StreamPosition }> {
    const rows: { xmin: string; xact_id: string | null; seq: string | null; type: string; payload: any }[] =
      await this.db.query(
        `WITH w AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin)
         SELECT w.xmin::text AS xmin, e.xact_id::text AS xact_id, e.seq::text AS seq, e.type, e.payload
           FROM w LEFT JOIN LATERAL (
             SELECT xact_id, seq, type, payload FROM story_event
              WHERE (xact_id, seq) > ($1::bigint, $2::bigint) AND xact_id < w.xmin AND type = ANY($3::text[])
              ORDER BY xact_id, seq LIMIT $4) e ON true
          ORDER BY e.xact_id, e.seq`,
        [after.xactId.toString(), after.seq.toString(), types, limit],
      );
    const events = rows
      .filter((r) => r.xact_id !== null && r.seq !== null)
      .map((r) => ({
        position: { xactId: BigInt(r.xact_id!), seq: BigInt(r.seq!) },
        type: r.type,
        payload: r.payload,
      }));
    const head = { xactId: BigInt(rows[0].xmin) - 1n, seq: MAX_BIGINT };
    const last = events.length ? events[events.length - 1].position : after;
    const settled = events.length < limit && positionAfter(head, last) ? head : last;
    return { events, settled };
  }
}
