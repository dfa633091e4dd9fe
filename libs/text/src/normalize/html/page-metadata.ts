import { agencyCode } from '../metadata/agencies';
import { toIsoTimestamp } from '../metadata/dates';
import type { Provenance, Sourced } from '../types';
import type { JsonLdArticle } from './json-ld';

// What a page says about itself. The article's own facts (title, publication time, author) come from JSON-LD
// NewsArticle first — structured, written for machines about this article — then Open Graph / article:* /
// <meta name>, then <title>. Facts about the page or the site (canonical URL, site name, description, language)
// come from the page's own markup first (<link rel=canonical>, og:*, <html lang>), JSON-LD last: sites often
// template one publisher block into every page's JSON-LD.

export interface PageMetadata {
  title: Sourced<string> | null;
  publishedAt: Sourced<string> | null;
  author: Sourced<string> | null;
  canonicalUrl: Sourced<string> | null;
  siteName: Sourced<string> | null;
  description: Sourced<string> | null;
  language: Sourced<string> | null;
  /** Agencies named as author or publisher ("Associated Press", "Reuters"). */
  agencies: string[];
}

interface MetaElement {
  getAttribute(name: string): string | null;
  textContent: string | null;
}

interface TagScope {
  getElementsByTagName(tag: string): ArrayLike<MetaElement>;
}

/** The subset of a DOM Document this module reads (linkedom's document satisfies it). */
export interface MetaSource extends TagScope {
  head: TagScope | null;
  documentElement: { getAttribute(name: string): string | null } | null;
}

function sourced(value: string | null | undefined, source: Provenance): Sourced<string> | null {
  const v = (value ?? '').replace(/\s+/g, ' ').trim();
  return v ? { value: v, source } : null;
}

function first<T>(...candidates: (T | null)[]): T | null {
  for (const c of candidates) if (c !== null) return c;
  return null;
}

/** Resolves a possibly relative URL against the page address; keeps only http(s) URLs. */
function absoluteUrl(href: string | null | undefined, base: string | null): string | null {
  if (!href) return null;
  try {
    const url = base ? new URL(href.trim(), base) : new URL(href.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** "Harbour bridge reopens | The Courier" → "Harbour bridge reopens" when the suffix is the site's name. */
const TITLE_SEPARATORS = [' | ', ' - ', ' \u2013 ', ' \u2014 ', ' :: ', ' \u00b7 '];

const sameText = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

/**
 * A page title without the site's name around it: "Library hours extended | Ridgemont Courier" → the part before
 * the last separator when the rest is the site's name or when that part is the page's own heading (its <h1>: a
 * page without a declared site name shows its clean title there); "Ridgemont Courier - Library hours extended" →
 * the part after the first separator when it follows the site's name. A heading that is the site's logo names no
 * title part, so it strips nothing.
 */
function stripSiteName(title: string, siteName: string | null, heading: string | null): string {
  for (const sep of TITLE_SEPARATORS) {
    const last = title.lastIndexOf(sep);
    if (last > 0) {
      const before = title.slice(0, last).trim();
      const after = title.slice(last + sep.length).trim();
      if ((siteName && sameText(after, siteName)) || (heading && sameText(before, heading))) return before;
    }
    const first = title.indexOf(sep);
    if (first > 0 && siteName && sameText(title.slice(0, first).trim(), siteName)) {
      return title.slice(first + sep.length).trim();
    }
  }
  return title;
}

export function readPageMetadata(doc: MetaSource, jsonLd: JsonLdArticle | null, pageUrl: string | null): PageMetadata {
  const meta = new Map<string, string>();
  // Metadata lives in <head>; looking only there (and by tag name, not CSS selector) keeps this cheap on big pages.
  const scope = doc.head ?? doc;
  const metas = scope.getElementsByTagName('meta');
  for (let i = 0; i < metas.length; i++) {
    const key = (
      metas[i].getAttribute('property') ??
      metas[i].getAttribute('name') ??
      metas[i].getAttribute('http-equiv') ??
      ''
    )
      .trim()
      .toLowerCase();
    const content = metas[i].getAttribute('content');
    if (key && content && !meta.has(key)) meta.set(key, content);
  }
  let canonicalHref: string | null = null;
  const links = scope.getElementsByTagName('link');
  for (let i = 0; i < links.length && canonicalHref === null; i++) {
    const rel = (links[i].getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (rel.includes('canonical')) canonicalHref = links[i].getAttribute('href');
  }
  const titleElement = scope.getElementsByTagName('title')[0];
  // Schema.org microdata puts its <meta itemprop="datePublished"> inside the article, not the head: looked for
  // in the whole page only when the head names no date.
  const microdataDate = (): string | undefined => {
    const all = doc.getElementsByTagName('meta');
    for (let i = 0; i < all.length; i++) {
      if ((all[i].getAttribute('itemprop') ?? '').trim().toLowerCase() === 'datepublished') {
        return all[i].getAttribute('content') ?? undefined;
      }
    }
    return undefined;
  };

  const siteName = first(sourced(meta.get('og:site_name'), 'html-meta'), sourced(jsonLd?.publisher, 'json-ld'));
  const heading = doc.getElementsByTagName('h1')[0]?.textContent?.replace(/\s+/g, ' ').trim() || null;
  // Every title a page declares may carry the site's name (og:title often does, as <title> does).
  const pageTitle = (value: string | null | undefined, source: Provenance) =>
    sourced(value && stripSiteName(value.replace(/\s+/g, ' ').trim(), siteName?.value ?? null, heading), source);
  const published = (value: string | null | undefined, source: Provenance) => sourced(toIsoTimestamp(value), source);
  const authorMeta = meta.get('author') ?? meta.get('article:author') ?? meta.get('byl');

  const authors = jsonLd?.authors ?? [];
  const agencies: string[] = [];
  for (const name of [...authors, jsonLd?.publisher ?? '', authorMeta ?? '']) {
    for (const part of name.split(/\s*(?:,|\/|&|\band\b)\s*/)) {
      const code = agencyCode(part.replace(/^(?:by|the)\s+/i, ''));
      if (code && !agencies.includes(code)) agencies.push(code);
    }
  }

  const base = absoluteUrl(pageUrl, null);
  return {
    title: first(
      pageTitle(jsonLd?.headline, 'json-ld'),
      pageTitle(meta.get('og:title'), 'html-meta'),
      pageTitle(meta.get('twitter:title'), 'html-meta'),
      pageTitle(titleElement?.textContent, 'html-meta'),
    ),
    publishedAt:
      first(
        published(jsonLd?.datePublished, 'json-ld'),
        published(meta.get('article:published_time'), 'html-meta'),
        published(meta.get('og:published_time') ?? meta.get('datepublished') ?? meta.get('pubdate'), 'html-meta'),
        published(meta.get('date') ?? meta.get('dc.date') ?? meta.get('dcterms.created'), 'html-meta'),
        // Parse.ly's and Sailthru's tags, which many news sites carry for their analytics.
        published(meta.get('parsely-pub-date') ?? meta.get('sailthru.date') ?? meta.get('publish-date'), 'html-meta'),
      ) ?? published(microdataDate(), 'html-meta'),
    author: first(
      sourced(authors.join(', '), 'json-ld'),
      authorMeta && !/^https?:\/\//.test(authorMeta) ? sourced(authorMeta, 'html-meta') : null,
    ),
    canonicalUrl: first(
      sourced(absoluteUrl(canonicalHref, base), 'html-meta'),
      sourced(absoluteUrl(meta.get('og:url'), base), 'html-meta'),
      sourced(absoluteUrl(jsonLd?.url, base), 'json-ld'),
    ),
    siteName,
    description: first(
      sourced(meta.get('og:description'), 'html-meta'),
      sourced(meta.get('description'), 'html-meta'),
      sourced(jsonLd?.description, 'json-ld'),
    ),
    language: first(
      sourced(doc.documentElement?.getAttribute('lang'), 'html-meta'),
      sourced(meta.get('content-language') ?? meta.get('og:locale')?.replace('_', '-'), 'html-meta'),
      sourced(jsonLd?.language, 'json-ld'),
    ),
    agencies,
  };
}
