import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';

/** One page of the demo site: a text file of the examples, as a newsroom's web page. */
export interface SitePage {
  /** The file it was made from, for the report. */
  file: string;
  path: string;
  html: string;
  /** When the page says it was published: a minute apart, in file order. */
  published: Date;
}

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A page for a text article: its paragraphs in an <article>, with the site's navigation and footer around it,
 * and no headline of its own — the examples have none, so normalization finds one in the lead, as it does when
 * the same files are posted as text.
 */
export function pageFor(file: string, text: string, published: Date): SitePage {
  const slug = basename(file, '.txt');
  const paragraphs = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => `    <p>${escape(line)}</p>`)
    .join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<link rel="canonical" href="/news/${slug}">
<meta property="article:published_time" content="${published.toISOString()}">
</head><body>
  <nav><a href="/">Home</a> · <a href="/news">News</a> · <a href="/rss.xml">RSS</a></nav>
  <article>
${paragraphs}
  </article>
  <footer>The Port Ellis Courier — a demo site of Storyline's example articles</footer>
</body></html>
`;
  return { file: basename(file), path: `/news/${slug}`, html, published };
}

/** RSS 2.0 of every page, newest first, without titles: the pages' leads say what they are about. */
export function rssFor(base: string, pages: readonly SitePage[]): string {
  const items = [...pages]
    .reverse()
    .map(
      (p) =>
        `  <item><link>${base}${p.path}</link><guid>${base}${p.path}</guid>` +
        `<description>An article of the Port Ellis Courier</description><pubDate>${p.published.toUTCString()}</pubDate></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>The Port Ellis Courier</title><link>${base}/</link>
<description>Storyline's example articles, as a news site</description>
${items}
</channel></rss>
`;
}

/** A Google News sitemap of the same pages: a second feed that repeats the first one's items. */
export function newsSitemapFor(base: string, pages: readonly SitePage[]): string {
  const urls = pages
    .map(
      (p) =>
        `  <url><loc>${base}${p.path}</loc><news:news><news:publication><news:name>The Port Ellis Courier</news:name>` +
        `<news:language>en</news:language></news:publication>` +
        `<news:publication_date>${p.published.toISOString()}</news:publication_date></news:news></url>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
${urls}
</urlset>
`;
}

/**
 * The demo's news site: the example articles as pages, with an RSS feed (/rss.xml), a news sitemap
 * (/news-sitemap.xml) and a robots.txt that lets everyone in, served from this process while the demo runs.
 */
export class DemoSite {
  private server?: http.Server;
  base = '';

  private constructor(private readonly pages: SitePage[]) {}

  static async fromFiles(files: readonly string[], firstPublished: Date): Promise<DemoSite> {
    const pages: SitePage[] = [];
    for (const [i, file] of files.entries()) {
      pages.push(pageFor(file, await readFile(file, 'utf8'), new Date(firstPublished.getTime() + i * 60_000)));
    }
    return new DemoSite(pages);
  }

  /** Which example file a page URL shows. */
  fileAt(url: string): string | undefined {
    const path = new URL(url).pathname;
    return this.pages.find((p) => p.path === path)?.file;
  }

  /** Listens on host:port (0: any free port); `publicHost` is the name the stack reaches it by. */
  async start(host: string, port: number, publicHost: string): Promise<void> {
    this.server = http.createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      const send = (type: string, body: string) => res.writeHead(200, { 'content-type': type }).end(body);
      if (path === '/robots.txt') return send('text/plain', 'User-agent: *\nAllow: /\n');
      if (path === '/rss.xml') return send('application/rss+xml; charset=utf-8', rssFor(this.base, this.pages));
      if (path === '/news-sitemap.xml') {
        return send('application/xml; charset=utf-8', newsSitemapFor(this.base, this.pages));
      }
      const page = this.pages.find((p) => p.path === path);
      if (page) return send('text/html; charset=utf-8', page.html);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, resolve);
    });
    this.base = `http://${publicHost}:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
