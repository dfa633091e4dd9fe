import { XMLParser } from 'fast-xml-parser';
import type { FeedKind } from '@storyline/contracts';

/** One entry of a feed: the article's URL, and what the feed says of it. */
export interface FeedItem {
  url: string;
  title?: string;
  /** As the feed wrote it; the caller decides whether it is a usable time. */
  published?: string;
}

export type FeedDocument =
  | { kind: FeedKind; items: FeedItem[] }
  /** A sitemap index: no items of its own, the sitemaps that hold them. */
  | { kind: 'sitemap-index'; sitemaps: string[] };

export class FeedFormatError extends Error {}

const REPEATED = new Set(['item', 'entry', 'url', 'sitemap', 'link']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // news:title, dc:date, atom:link: the vocabulary matters, not the prefix a publisher chose for it.
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => REPEATED.has(name),
});

/**
 * Reads a feed document: RSS 2.0 (and RSS 1.0), Atom, JSON Feed, a sitemap (a Google News sitemap when its
 * entries carry news:news) or a sitemap index. The kind is the document's own, whatever the feed was declared as:
 * publishers move from RSS to Atom without telling anyone. Entries without a usable http(s) URL are skipped.
 */
export function readFeedDocument(text: string): FeedDocument {
  const start = text.trimStart();
  if (start.startsWith('{')) return readJsonFeed(start);
  // An internal DTD can define entities that expand a few kilobytes into gigabytes; no feed needs one.
  if (/<!ENTITY/i.test(text)) throw new FeedFormatError('the document declares XML entities');
  let doc: Record<string, any>;
  try {
    doc = parser.parse(text, true);
  } catch (error) {
    throw new FeedFormatError(`not well-formed XML: ${(error as Error).message}`);
  }
  if (doc.rss) return { kind: 'rss', items: asArray(doc.rss.channel?.item).flatMap(rssItem) };
  if (doc.RDF) return { kind: 'rss', items: asArray(doc.RDF.item).flatMap(rssItem) };
  if (doc.feed) return { kind: 'atom', items: asArray(doc.feed.entry).flatMap(atomEntry) };
  if (doc.urlset) {
    const entries = asArray(doc.urlset.url);
    const news = entries.some((e) => e?.news);
    return { kind: news ? 'news-sitemap' : 'sitemap', items: entries.flatMap(sitemapEntry) };
  }
  if (doc.sitemapindex) {
    return {
      kind: 'sitemap-index',
      sitemaps: asArray(doc.sitemapindex.sitemap).flatMap((s) => httpUrl(text_(s?.loc))),
    };
  }
  throw new FeedFormatError(
    `not a feed or sitemap (root element ${Object.keys(doc).find((k) => k !== '?xml') ?? 'none'})`,
  );
}

function readJsonFeed(text: string): FeedDocument {
  let doc: any;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new FeedFormatError(`not valid JSON: ${(error as Error).message}`);
  }
  if (typeof doc?.version !== 'string' || !doc.version.startsWith('https://jsonfeed.org/version/')) {
    throw new FeedFormatError('JSON without a JSON Feed version');
  }
  const items = asArray(doc.items).flatMap((item: any) =>
    httpUrl(text_(item?.url) ?? text_(item?.external_url)).map((url) => ({
      url,
      title: text_(item.title),
      published: text_(item.date_published) ?? text_(item.date_modified),
    })),
  );
  return { kind: 'json', items };
}

function rssItem(item: any): FeedItem[] {
  // <guid isPermaLink="true"> (the default) is the article's address when <link> is missing.
  const guid = item?.guid;
  const permalink = guid && (typeof guid !== 'object' || guid['@_isPermaLink'] !== 'false') ? text_(guid) : undefined;
  const link = asArray(item?.link)
    .map(text_)
    .find((l) => l);
  return httpUrl(link ?? permalink).map((url) => ({
    url,
    title: text_(item.title),
    published: text_(item.pubDate) ?? text_(item.date) ?? text_(item.published),
  }));
}

function atomEntry(entry: any): FeedItem[] {
  const links = asArray(entry?.link);
  const alternate = links.find((l: any) => (l?.['@_rel'] ?? 'alternate') === 'alternate' && l?.['@_href']) ?? links[0];
  return httpUrl(alternate?.['@_href'] ?? text_(alternate)).map((url) => ({
    url,
    title: text_(entry.title),
    published: text_(entry.published) ?? text_(entry.updated),
  }));
}

function sitemapEntry(entry: any): FeedItem[] {
  const news = entry?.news;
  return httpUrl(text_(entry?.loc)).map((url) => ({
    url,
    title: text_(news?.title),
    published: text_(news?.publication_date) ?? text_(entry.lastmod),
  }));
}

/** A text node's text, whatever shape the parser gave it (plain, with attributes, CDATA). */
function text_(node: unknown): string | undefined {
  if (typeof node === 'string') return node.trim() || undefined;
  if (typeof node === 'number') return String(node);
  if (node && typeof node === 'object' && '#text' in node) return text_((node as Record<string, unknown>)['#text']);
  return undefined;
}

function httpUrl(value: string | undefined): string[] {
  if (!value) return [];
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? [url.toString()] : [];
  } catch {
    return [];
  }
}

function asArray<T>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
