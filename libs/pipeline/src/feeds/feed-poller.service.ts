import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { ARTICLE_LIMITS, PollFeedPayload, PUBLICATION_YEARS } from '@storyline/contracts';
import {
  canonicalUrl,
  FeedDocument,
  FeedFormatError,
  FeedItem,
  feedText,
  nextPollDelay,
  readFeedDocument,
} from '@storyline/fetch';
import { FetchMetrics } from '../fetch/fetch-metrics';
import { PageCollector } from '../fetch/page-collector';
import { UrlIntake } from '../fetch/url-intake.service';

const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';
/** Sitemaps of one index read per poll: a news site's index lists a few; an archive's thousands are not news. */
const MAX_CHILD_SITEMAPS = 20;
/** Items taken from one poll, in document order (feeds and news sitemaps list the newest first). */
const MAX_ITEMS_PER_POLL = 1000;

interface FeedRow {
  id: string;
  url: string;
  source: string | null;
  poll_every_s: number;
  status: string;
  etag: string | null;
  last_modified: string | null;
  consecutive_errors: number;
}

/** What one poll found, recorded on the feed. */
interface PollResult {
  httpStatus: number | null;
  error: string | null;
  retryAfterMs: number | null;
  notModified: boolean;
  etag?: string | null;
  lastModified?: string | null;
  kind?: string;
  seen: number;
  ingested: number;
}

/**
 * One poll of one feed: a conditional GET (its ETag and Last-Modified sent back), the document read whatever its
 * kind, and every item whose page Storyline has not seen recorded as an article to fetch (UrlIntake: one page, one
 * article, so an item repeated by the feed, or by another feed, is seen again but not ingested again). The feed's
 * status records the poll; its next poll is its interval later, or backed off after failures and never before a
 * Retry-After.
 */
@Injectable()
export class FeedPoller {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly collector: PageCollector,
    private readonly intake: UrlIntake,
    private readonly metrics: FetchMetrics,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(FeedPoller.name);
  }

  async poll({ feedId }: PollFeedPayload): Promise<void> {
    const [feed]: FeedRow[] = await this.db.query(
      `SELECT id, url, source, poll_every_s, status, etag, last_modified, consecutive_errors FROM feed WHERE id = $1`,
      [feedId],
    );
    if (!feed || feed.status !== 'active') return; // removed or paused since it was scheduled
    const result = await this.read(feed);
    const errors = result.error ? feed.consecutive_errors + 1 : 0;
    const delay = nextPollDelay({
      pollEveryMs: feed.poll_every_s * 1000,
      consecutiveErrors: errors,
      retryAfterMs: result.retryAfterMs,
    });
    await this.db.query(
      `UPDATE feed SET last_polled_at = now(), last_http_status = $2, last_error = $3, consecutive_errors = $4,
              items_seen = items_seen + $5, items_ingested = items_ingested + $6,
              etag = CASE WHEN $7 THEN $8 ELSE etag END, last_modified = CASE WHEN $7 THEN $9 ELSE last_modified END,
              detected_kind = coalesce($10, detected_kind), next_poll_at = now() + $11 * interval '1 millisecond'
        WHERE id = $1`,
      [
        feed.id,
        result.httpStatus,
        result.error?.slice(0, 2000) ?? null,
        errors,
        result.seen,
        result.ingested,
        result.etag !== undefined,
        result.etag ?? null,
        result.lastModified ?? null,
        result.kind ?? null,
        delay,
      ],
    );
    this.metrics.polls.inc({ outcome: result.error ? 'error' : result.notModified ? 'not-modified' : 'ok' });
    if (result.error) this.logger.info({ feedId, error: result.error, errors }, 'feed poll failed');
  }

  private async read(feed: FeedRow): Promise<PollResult> {
    const headers: Record<string, string> = {};
    if (feed.etag) headers['if-none-match'] = feed.etag;
    if (feed.last_modified) headers['if-modified-since'] = feed.last_modified;
    const empty = { retryAfterMs: null, notModified: false, seen: 0, ingested: 0 };
    const page = await this.collector.collect(feed.url, { accept: FEED_ACCEPT, headers });
    if (!page.ok) {
      // A host held off (by this feed's Retry-After or another page's) keeps the feed waiting as long.
      const failed = { ...empty, retryAfterMs: page.retryAfterMs ?? null };
      return { ...failed, httpStatus: page.status ?? null, error: `${page.kind}: ${page.reason}` };
    }
    const { retryAfterMs } = page;
    if (page.status === 304) return { ...empty, httpStatus: 304, error: null, notModified: true, retryAfterMs };
    if (page.status < 200 || page.status >= 300) {
      return { ...empty, httpStatus: page.status, error: `HTTP ${page.status}`, retryAfterMs };
    }
    let doc: FeedDocument;
    try {
      doc = readFeedDocument(feedText(page.body, String(page.headers['content-type'] ?? '') || undefined));
    } catch (error) {
      if (!(error instanceof FeedFormatError)) throw error;
      return { ...empty, httpStatus: page.status, error: `unreadable feed: ${error.message}` };
    }
    const validators = {
      etag: headerText(page.headers.etag),
      lastModified: headerText(page.headers['last-modified']),
    };
    const { kind, items, error } =
      doc.kind === 'sitemap-index' ? await this.readIndex(doc.sitemaps) : { ...doc, error: null };
    const { seen, ingested } = await this.ingest(feed, items);
    return { ...empty, ...validators, httpStatus: page.status, error, retryAfterMs, kind, seen, ingested };
  }

  /** The items of an index's sitemaps (only sitemaps of items: an index of indexes is not followed further). */
  private async readIndex(sitemaps: string[]): Promise<{ kind: string; items: FeedItem[]; error: string | null }> {
    const items: FeedItem[] = [];
    const failures: string[] = [];
    let news = false;
    for (const url of sitemaps.slice(0, MAX_CHILD_SITEMAPS)) {
      const page = await this.collector.collect(url, { accept: FEED_ACCEPT });
      if (!page.ok || page.status !== 200) {
        failures.push(`${url}: ${page.ok ? `HTTP ${page.status}` : page.reason}`);
        continue;
      }
      try {
        const doc = readFeedDocument(feedText(page.body, String(page.headers['content-type'] ?? '') || undefined));
        if (doc.kind === 'sitemap-index') continue;
        news ||= doc.kind === 'news-sitemap';
        items.push(...doc.items);
      } catch (error) {
        if (!(error instanceof FeedFormatError)) throw error;
        failures.push(`${url}: ${error.message}`);
      }
    }
    // Some sitemaps unreadable while others were read: the feed works, and says which failed.
    const error = failures.length && !items.length ? failures.join('; ') : null;
    if (failures.length && items.length) this.logger.info({ failures }, 'some sitemaps of an index were unreadable');
    return { kind: news ? 'news-sitemap' : 'sitemap', items, error };
  }

  private async ingest(feed: FeedRow, items: FeedItem[]): Promise<{ seen: number; ingested: number }> {
    const unique = new Map<string, FeedItem>();
    for (const item of items) {
      const key = canonicalUrl(item.url);
      if (key && item.url.length <= ARTICLE_LIMITS.url && !unique.has(key)) unique.set(key, item);
    }
    let ingested = 0;
    for (const item of [...unique.values()].slice(0, MAX_ITEMS_PER_POLL)) {
      const result = await this.intake.accept({
        input: { url: item.url, source: feed.source, publishedAt: publicationTime(item.published) },
        contentType: 'text/html',
        titleHint: item.title?.slice(0, ARTICLE_LIMITS.title),
      });
      if (!result.duplicate) ingested++;
    }
    this.metrics.items.inc({ outcome: 'seen' }, unique.size);
    this.metrics.items.inc({ outcome: 'ingested' }, ingested);
    return { seen: unique.size, ingested };
  }
}

function headerText(value: string | string[] | undefined): string | null {
  const text = Array.isArray(value) ? value[0] : value;
  return text ? text.slice(0, 1000) : null;
}

/** A feed's date as ingest accepts one (ISO 8601, in PUBLICATION_YEARS), or nothing: a bad date is no hint. */
function publicationTime(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const time = Date.parse(text);
  if (Number.isNaN(time)) return undefined;
  const year = new Date(time).getUTCFullYear();
  return year >= PUBLICATION_YEARS.from && year <= PUBLICATION_YEARS.to ? new Date(time).toISOString() : undefined;
}
