import { DemoSite } from './demo-site';
import { FeedView, QueryClient, QueryError } from './query-client';
import { PostedFile } from './story-report';

const POLL_MS = 500;

/** The demo site's two feeds: one RSS feed, and a news sitemap that lists the same pages again. */
const FEEDS = [
  { path: '/rss.xml', kind: 'rss', source: 'port-ellis-courier' },
  { path: '/news-sitemap.xml', kind: 'news-sitemap', source: 'port-ellis-courier-sitemap' },
] as const;

export interface FeedsCollected {
  /** The site's articles, by the example file each page shows. */
  posted: PostedFile[];
  /** The feeds as their polls left them. */
  feeds: FeedView[];
}

/**
 * Collects the demo site's articles the way a newsroom would have Storyline do it: adds its RSS feed and news
 * sitemap, has each polled once (the sitemap after the feed, so its items are seen again and not ingested twice),
 * and finds the articles the polls made. Feeds a previous run left behind are used again.
 */
export async function collectFromFeeds(query: QueryClient, site: DemoSite, timeoutMs: number): Promise<FeedsCollected> {
  const deadline = Date.now() + timeoutMs;
  const feeds: FeedView[] = [];
  for (const spec of FEEDS) {
    const feed = await addOrFind(query, { url: `${site.base}${spec.path}`, kind: spec.kind, source: spec.source });
    const before = feed.lastPolledAt;
    await query.pollFeed(feed.id);
    feeds.push(await polled(query, feed.id, before, deadline));
  }
  const posted: PostedFile[] = [];
  for (const spec of FEEDS) {
    let cursor: string | undefined;
    do {
      const page = await query.articles(spec.source, cursor);
      for (const { id } of page.items) {
        const view = await query.article(id);
        const file = view.url ? site.fileAt(view.url) : undefined;
        if (file) posted.push({ file, id });
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  posted.sort((a, b) => a.file.localeCompare(b.file));
  return { posted, feeds };
}

async function addOrFind(query: QueryClient, input: { url: string; kind: string; source: string }): Promise<FeedView> {
  try {
    return await query.addFeed(input);
  } catch (error) {
    if (error instanceof QueryError && error.status === 409 && error.problem?.feedId) {
      return query.feed(error.problem.feedId);
    }
    if (error instanceof QueryError && error.problem?.type?.endsWith('/feed-url-refused')) {
      throw new Error(
        `the stack refused the demo site's feed (${error.problem.detail}): the site runs on this machine, a private ` +
          'address, so start the stack with FETCH_ALLOW_PRIVATE_NETWORKS=true (under compose, also --site-host ' +
          'host.docker.internal)',
      );
    }
    throw error;
  }
}

async function polled(query: QueryClient, id: string, before: string | null, deadline: number): Promise<FeedView> {
  for (;;) {
    const feed = await query.feed(id);
    if (feed.lastPolledAt && feed.lastPolledAt !== before) return feed;
    if (Date.now() >= deadline) throw new Error(`feed ${feed.url} was not polled in time: is a fetch worker running?`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** One line per feed: what its poll found. */
export function feedLines(feeds: readonly FeedView[]): string {
  return feeds
    .map((f) => {
      const outcome = f.lastError
        ? `failed: ${f.lastError}`
        : `${f.itemsSeen} item(s) seen, ${f.itemsIngested} new to Storyline`;
      return `  ${(f.kind ?? '?').padEnd(12)} ${f.url}  ${outcome}`;
    })
    .join('\n');
}

/** Removes the demo's feeds: the site goes away with the demo, and polling it after would only fail. */
export async function removeFeeds(query: QueryClient, feeds: readonly FeedView[]): Promise<void> {
  for (const feed of feeds) await query.removeFeed(feed.id);
}
