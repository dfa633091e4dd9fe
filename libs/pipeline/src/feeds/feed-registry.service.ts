import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import { FeedInput, FeedStatus, pollEveryMs } from '@storyline/contracts';
import { canonicalUrl, firstPollDelay } from '@storyline/fetch';
import { checkWebhookUrl, formatDuration } from '@storyline/webhooks';

/** A feed URL the fetcher would refuse (a private address, credentials in it…): not added. */
export class FeedUrlRefused extends Error {}

/** A feed with that URL exists already: its id, for the caller to point to. */
export class FeedExists extends Error {
  constructor(readonly id: string) {
    super(`a feed with this URL exists: ${id}`);
  }
}

export interface FeedView {
  id: string;
  url: string;
  /** As declared, else as read from the document; null until the first successful poll of an undeclared feed. */
  kind: string | null;
  source: string | null;
  pollEvery: string;
  status: FeedStatus;
  nextPollAt: Date | null;
  lastPolledAt: Date | null;
  lastHttpStatus: number | null;
  lastError: string | null;
  itemsSeen: number;
  itemsIngested: number;
  consecutiveErrors: number;
  createdAt: Date;
}

const FEED_COLUMNS = `id, url, kind, detected_kind, source, poll_every_s, status, next_poll_at, last_polled_at,
  last_http_status, last_error, items_seen, items_ingested, consecutive_errors, created_at`;

function view(row: Record<string, any>): FeedView {
  return {
    id: row.id,
    url: row.url,
    kind: row.kind ?? row.detected_kind,
    source: row.source,
    pollEvery: formatDuration(row.poll_every_s * 1000),
    status: row.status,
    nextPollAt: row.status === 'active' ? row.next_poll_at : null,
    lastPolledAt: row.last_polled_at,
    lastHttpStatus: row.last_http_status,
    lastError: row.last_error,
    itemsSeen: Number(row.items_seen),
    itemsIngested: Number(row.items_ingested),
    consecutiveErrors: row.consecutive_errors,
    createdAt: row.created_at,
  };
}

/** The feeds Storyline polls: added, listed, paused, resumed and removed by operators (query's /v1/feeds, the CLI). */
@Injectable()
export class FeedRegistry {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Adds a feed, first polled at a random moment of its first minute: a thousand feeds added by one script then
   * poll spread over that minute, and drift further apart with every poll's jitter.
   */
  async create(input: FeedInput): Promise<FeedView> {
    const url = canonicalUrl(input.url);
    if (!url) throw new FeedUrlRefused('not an http(s) URL');
    const check = await checkWebhookUrl(url, { allowPrivateNetworks: this.config.FETCH_ALLOW_PRIVATE_NETWORKS });
    if (!check.ok && check.kind === 'refused') throw new FeedUrlRefused(check.reason);
    const everyMs = pollEveryMs(input.pollEvery)!;
    const rows: Record<string, any>[] = await this.db.query(
      `INSERT INTO feed (id, url, kind, source, poll_every_s, next_poll_at)
       VALUES ($1, $2, $3, $4, $5, now() + $6 * interval '1 millisecond')
       ON CONFLICT (url) DO NOTHING RETURNING ${FEED_COLUMNS}`,
      [randomUUID(), url, input.kind ?? null, input.source ?? null, everyMs / 1000, firstPollDelay(everyMs)],
    );
    if (rows.length) return view(rows[0]);
    const [existing]: { id: string }[] = await this.db.query(`SELECT id FROM feed WHERE url = $1`, [url]);
    throw new FeedExists(existing.id);
  }

  async list(): Promise<FeedView[]> {
    const rows: Record<string, any>[] = await this.db.query(`SELECT ${FEED_COLUMNS} FROM feed ORDER BY created_at, id`);
    return rows.map(view);
  }

  async get(id: string): Promise<FeedView | null> {
    const [row] = await this.db.query(`SELECT ${FEED_COLUMNS} FROM feed WHERE id = $1`, [id]);
    return row ? view(row) : null;
  }

  /** Pausing keeps everything the feed knows; resuming polls it within its first minute again, as a new feed. */
  async setPaused(id: string, paused: boolean): Promise<FeedView | null> {
    const [row] = await this.db.query(
      `WITH changed AS (
         UPDATE feed SET status = $2,
                next_poll_at = CASE WHEN $2 = 'active' AND status <> 'active'
                                    THEN now() + random() * least(poll_every_s, 60) * interval '1 second'
                                    ELSE next_poll_at END
          WHERE id = $1 RETURNING ${FEED_COLUMNS})
       SELECT * FROM changed`,
      [id, paused ? 'paused' : 'active'],
    );
    return row ? view(row) : null;
  }

  /**
   * Makes an active feed due now: a fetch worker polls it within a second or two (an operator checking a feed just
   * added or fixed, a demo). Politeness still applies to its site. Null when there is no such feed; a paused feed
   * is left as it is (resume it).
   */
  async pollNow(id: string): Promise<FeedView | null> {
    const [row] = await this.db.query(
      `WITH due AS (
         UPDATE feed SET next_poll_at = CASE WHEN status = 'active' THEN now() ELSE next_poll_at END
          WHERE id = $1 RETURNING ${FEED_COLUMNS})
       SELECT * FROM due`,
      [id],
    );
    return row ? view(row) : null;
  }

  /** Removes the feed; the articles it brought stay. */
  async remove(id: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `WITH removed AS (DELETE FROM feed WHERE id = $1 RETURNING id) SELECT id FROM removed`,
      [id],
    );
    return rows.length > 0;
  }
}
