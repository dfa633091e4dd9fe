import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SiteRequest {
  path: string;
  userAgent: string;
  at: number;
  headers: http.IncomingHttpHeaders;
}

export type SiteRoute = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/**
 * A news site on localhost for the fetch tests, serving pages and feeds the tests write. Routes are exact paths
 * (query strings ignored); every request is recorded, so a test can see what was asked, when, and by whom.
 */
export class NewsSite {
  readonly requests: SiteRequest[] = [];
  private readonly routes = new Map<string, SiteRoute>();
  private server?: http.Server;
  base = '';

  route(path: string, handler: SiteRoute): this {
    this.routes.set(path, handler);
    return this;
  }

  page(path: string, html: string, headers: Record<string, string> = {}): this {
    return this.route(path, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(html);
    });
  }

  hits(path: string): SiteRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      this.requests.push({ path, userAgent: String(req.headers['user-agent']), at: Date.now(), headers: req.headers });
      const handler = this.routes.get(path);
      if (handler) handler(req, res);
      else res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A full news page of the team's own fictional reporting, with paragraphs enough to be an article. */
export function articlePage(opts: {
  title: string;
  paragraphs: string[];
  canonical?: string;
  charset?: string;
}): string {
  return `<!doctype html><html lang="en"><head>${opts.charset ? `<meta charset="${opts.charset}">` : ''}
<title>${opts.title} | The Harbour Courier</title>
${opts.canonical ? `<link rel="canonical" href="${opts.canonical}">` : ''}
<meta property="og:title" content="${opts.title}">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>${opts.title}</h1>${opts.paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article>
<footer>© The Harbour Courier</footer></body></html>`;
}
