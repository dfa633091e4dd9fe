import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import {
  fetchPage,
  HopPermit,
  HostPoliteness,
  PageFailure,
  PageResponse,
  ROBOTS_AGENT,
  ROBOTS_MAX_BYTES,
  RobotsRules,
  userAgent,
} from '@storyline/fetch';
import { createRedisConnection, RedisClient } from '@storyline/transport';
import { parseRetryAfter } from '@storyline/webhooks';
import { RedisHostSchedule } from './redis-host-schedule';

export interface CollectOptions {
  accept: string;
  /** Conditional GET headers, for feeds. */
  headers?: Record<string, string>;
}

/** A page that came back, with the Retry-After it carried (any status may send one; 429 and 503 hold the host). */
export type CollectedPage = PageResponse & { retryAfterMs: number | null };

/** The answers whose Retry-After says "the whole site, not now" (RFC 9110 §10.2.3, RFC 6585 §4). */
const HOLDING_STATUSES = new Set([429, 503]);

/**
 * Fetches pages the way Storyline promises sites it will: named (User-Agent with the operator's contact URL),
 * within robots.txt, within the site's limits across every worker (open requests, spacing, and a Retry-After:
 * after a 429 or 503 that sent one, no worker asks the host anything until it has passed), and through the SSRF
 * guard at every hop.
 */
@Injectable()
export class PageCollector implements OnApplicationShutdown {
  readonly politeness: HostPoliteness;
  private readonly robots: RobotsRules;
  private readonly redis: RedisClient;
  private readonly agent: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.agent = userAgent(config.FETCH_CONTACT_URL);
    this.redis = createRedisConnection(config.REDIS_URL);
    this.politeness = new HostPoliteness(
      new RedisHostSchedule(this.redis, config.QUEUE_PREFIX),
      config.FETCH_HOST_CONCURRENCY,
      config.FETCH_HOST_DELAY_MS,
    );
    this.robots = new RobotsRules((url) => this.readRobots(url), ROBOTS_AGENT);
  }

  async collect(url: string, options: CollectOptions): Promise<CollectedPage | PageFailure> {
    const page = await fetchPage({
      ...this.limits(),
      url,
      accept: options.accept,
      headers: options.headers,
      permit: async (hop) => {
        // Before robots.txt, which would be asked for too (and, unanswered, read as disallowing the site).
        const heldOffMs = await this.politeness.heldOff(hop.host);
        if (heldOffMs > 0) return heldOff(hop, heldOffMs);
        const verdict = await this.robots.check(hop);
        if (!verdict.allowed) {
          const reason = verdict.reason ?? 'disallowed by robots.txt';
          // A robots.txt the site cannot serve now disallows the page for now, not for good.
          return { allowed: false, reason, retryAfterMs: verdict.retryAfterMs };
        }
        return this.politePermit(hop, verdict.crawlDelayMs);
      },
    });
    if (!page.ok) return page;
    const retryAfterMs = parseRetryAfter(page.headers['retry-after']);
    if (retryAfterMs && HOLDING_STATUSES.has(page.status)) {
      await this.politeness.holdOff(new URL(page.url).host, retryAfterMs);
    }
    return { ...page, retryAfterMs };
  }

  private async readRobots(robotsUrl: string) {
    const page = await fetchPage({
      ...this.limits(),
      url: robotsUrl,
      maxBytes: ROBOTS_MAX_BYTES,
      accept: 'text/plain',
      permit: (hop) => this.politePermit(hop),
    });
    if (!page.ok) {
      // A robots.txt larger than the RFC's 500 KiB cannot be read whole: treated as one that could not be read.
      return { unreachable: page.reason };
    }
    return { status: page.status, text: page.body.toString('utf8') };
  }

  private async politePermit(hop: URL, crawlDelayMs?: number): Promise<HopPermit> {
    const turn = await this.politeness.enter(hop.host, crawlDelayMs);
    return 'release' in turn ? { allowed: true, release: turn.release } : heldOff(hop, turn.heldOffMs);
  }

  private limits() {
    return {
      userAgent: this.agent,
      timeoutMs: this.config.FETCH_TIMEOUT_MS,
      maxBytes: this.config.FETCH_MAX_BYTES,
      maxRedirects: this.config.FETCH_MAX_REDIRECTS,
      allowPrivateNetworks: this.config.FETCH_ALLOW_PRIVATE_NETWORKS,
    };
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

function heldOff(hop: URL, ms: number): HopPermit {
  return {
    allowed: false,
    reason: `${hop.host} asked to be left alone for another ${Math.ceil(ms / 1000)} s (Retry-After)`,
    retryAfterMs: ms,
  };
}
