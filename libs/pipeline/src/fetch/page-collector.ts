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
import { RedisHostSchedule } from './redis-host-schedule';

export interface CollectOptions {
  accept: string;
  /** Conditional GET headers, for feeds. */
  headers?: Record<string, string>;
}

/**
 * Fetches pages the way Storyline promises sites it will: named (User-Agent with the operator's contact URL),
 * within robots.txt, spaced per host across every worker, and through the SSRF guard at every hop.
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

  collect(url: string, options: CollectOptions): Promise<PageResponse | PageFailure> {
    return fetchPage({
      ...this.limits(),
      url,
      accept: options.accept,
      headers: options.headers,
      permit: async (hop) => {
        const verdict = await this.robots.check(hop);
        if (!verdict.allowed) return { allowed: false, reason: verdict.reason ?? 'disallowed by robots.txt' };
        return this.politePermit(hop, verdict.crawlDelayMs);
      },
    });
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
    return { allowed: true, release: await this.politeness.enter(hop.host, crawlDelayMs) };
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
