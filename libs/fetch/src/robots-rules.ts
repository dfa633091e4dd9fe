import robotsParser from 'robots-parser';

/** A site's robots.txt as fetched: its status and text, or why it could not be had. */
export type RobotsAnswer = { status: number; text: string } | { unreachable: string };

export interface RobotsVerdict {
  allowed: boolean;
  /** The site's Crawl-delay for our agent, in ms, when it names one. */
  crawlDelayMs?: number;
  reason?: string;
  /** For a site that cannot serve its robots.txt now: when to ask again, since it may allow the URL by then. */
  retryAfterMs?: number;
}

interface CachedRules {
  expires: number;
  verdict: (url: string) => RobotsVerdict;
}

/** How long rules are kept: RFC 9309 asks crawlers not to use a cached robots.txt for more than 24 hours. */
const RULES_TTL_MS = 60 * 60 * 1000;
/** A site whose robots.txt could not be read is asked again this soon, not left disallowed for an hour. */
const UNREACHABLE_TTL_MS = 60 * 1000;
/** RFC 9309 lets a crawler stop reading a robots.txt after 500 KiB. */
export const ROBOTS_MAX_BYTES = 500 * 1024;

/**
 * Whether a site lets Storyline fetch a URL, by its robots.txt (RFC 9309), read once per origin and cached. As
 * the RFC has it: a robots.txt that is missing or refused with a 4xx allows everything; one the site cannot
 * serve (5xx, unreachable) disallows everything for now, since the site may be struggling.
 */
export class RobotsRules {
  private readonly cache = new Map<string, CachedRules>();
  private readonly loading = new Map<string, Promise<CachedRules>>();

  constructor(
    private readonly fetchRobots: (robotsUrl: string) => Promise<RobotsAnswer>,
    /** The product token robots.txt groups are matched against, e.g. "Storyline". */
    private readonly agent: string,
    private readonly now: () => number = Date.now,
  ) {}

  async check(url: URL): Promise<RobotsVerdict> {
    const origin = url.origin;
    let rules = this.cache.get(origin);
    if (!rules || rules.expires <= this.now()) {
      let load = this.loading.get(origin);
      if (!load) {
        load = this.load(origin).finally(() => this.loading.delete(origin));
        this.loading.set(origin, load);
      }
      rules = await load;
      this.cache.set(origin, rules);
    }
    return rules.verdict(url.toString());
  }

  private async load(origin: string): Promise<CachedRules> {
    const robotsUrl = `${origin}/robots.txt`;
    const answer = await this.fetchRobots(robotsUrl);
    if ('unreachable' in answer || answer.status >= 500) {
      const why = 'unreachable' in answer ? `unreachable (${answer.unreachable})` : `answered ${answer.status}`;
      const reason = `robots.txt ${why}: the site is treated as disallowing all for now`;
      const expires = this.now() + UNREACHABLE_TTL_MS;
      return {
        expires,
        verdict: () => ({ allowed: false, reason, retryAfterMs: Math.max(1, expires - this.now()) }),
      };
    }
    const expires = this.now() + RULES_TTL_MS;
    if (answer.status >= 400 || answer.status < 200) return { expires, verdict: () => ({ allowed: true }) };
    const robots = robotsParser(robotsUrl, answer.text);
    const delay = robots.getCrawlDelay(this.agent);
    const crawlDelayMs = typeof delay === 'number' && delay > 0 ? delay * 1000 : undefined;
    return {
      expires,
      verdict: (url) =>
        robots.isDisallowed(url, this.agent)
          ? { allowed: false, reason: `disallowed by ${robotsUrl}`, crawlDelayMs }
          : { allowed: true, crawlDelayMs },
    };
  }
}
