import { canonicalUrl } from './canonical-url';

const LINK_TAG = /<link\b[^>]*>/gi;
const ATTRIBUTE = (name: string) => new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i');

/**
 * The page's own `<link rel="canonical">`, resolved against the URL it was fetched from and canonicalized, or
 * null. One that points at the site's front page from a deeper page is ignored: that is a template mistake
 * common enough that believing it would make every article of such a site a copy of the first.
 */
export function declaredCanonical(html: string, pageUrl: string): string | null {
  const head = html.slice(0, Math.max(0, html.search(/<body\b/i)) || html.length);
  for (const tag of head.match(LINK_TAG) ?? []) {
    const rel = attribute(tag, 'rel');
    if (!rel || !rel.toLowerCase().split(/\s+/).includes('canonical')) continue;
    const href = attribute(tag, 'href');
    if (!href) return null;
    const url = canonicalUrl(decodeEntities(href), pageUrl);
    if (!url) return null;
    if (new URL(url).pathname === '/' && new URL(pageUrl).pathname !== '/') return null;
    return url;
  }
  return null;
}

function attribute(tag: string, name: string): string | null {
  const match = ATTRIBUTE(name).exec(tag);
  return match ? (match[1] ?? match[2] ?? match[3]) : null;
}

function decodeEntities(value: string): string {
  return value.replace(/&amp;/gi, '&').replace(/&#38;/g, '&');
}
