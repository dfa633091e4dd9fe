import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchPage, isLinkLocal, PageRequest } from './page-fetcher';

/** A small site on localhost, written for these tests. */
function startSite(): Promise<{ base: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    switch (req.url) {
      case '/story':
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(`<h1>Story</h1><p>${req.headers['user-agent']}</p>`);
        return;
      case '/moved':
        res.writeHead(301, { location: '/story' }).end();
        return;
      case '/to-metadata':
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
        return;
      case '/loop':
        res.writeHead(302, { location: '/loop' }).end();
        return;
      case '/huge':
        res.setHeader('content-type', 'text/html');
        // No Content-Length: the limit must be kept while reading.
        for (let i = 0; i < 64; i++) res.write('x'.repeat(1024));
        res.end();
        return;
      case '/slow':
        res.setHeader('content-type', 'text/html');
        res.write('<p>first');
        setTimeout(() => res.end('</p>'), 2_000).unref();
        return;
      default:
        res.writeHead(404).end('nope');
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    ),
  );
}

describe('fetchPage', () => {
  let site: { base: string; close: () => Promise<void> };
  const request = (path: string, extra: Partial<PageRequest> = {}): PageRequest => ({
    url: `${site.base}${path}`,
    userAgent: 'Storyline/test (+https://newsroom.example/bot)',
    timeoutMs: 1_000,
    maxBytes: 16 * 1024,
    maxRedirects: 3,
    allowPrivateNetworks: true,
    accept: 'text/html',
    ...extra,
  });

  beforeAll(async () => (site = await startSite()));
  afterAll(() => site.close());

  it('follows a redirect and names itself', async () => {
    const page = await fetchPage(request('/moved'));
    expect(page).toMatchObject({ ok: true, status: 200, url: `${site.base}/story`, redirects: [`${site.base}/moved`] });
    expect(page.ok && page.body.toString()).toContain('Storyline/test (+https://newsroom.example/bot)');
  });

  it('refuses the site itself when private networks are not allowed: the guard runs before any packet', async () => {
    expect(await fetchPage(request('/story', { allowPrivateNetworks: false }))).toMatchObject({
      ok: false,
      kind: 'refused',
      reason: expect.stringContaining('loopback'),
    });
  });

  it('refuses a redirect to the cloud metadata address even where private networks are allowed', async () => {
    expect(await fetchPage(request('/to-metadata'))).toMatchObject({
      ok: false,
      kind: 'refused',
      url: 'http://169.254.169.254/latest/meta-data/',
      redirects: [`${site.base}/to-metadata`],
    });
  });

  it('gives up after too many redirects', async () => {
    expect(await fetchPage(request('/loop'))).toMatchObject({ ok: false, kind: 'redirects' });
  });

  it('cuts a page over the size limit while reading it', async () => {
    expect(await fetchPage(request('/huge'))).toMatchObject({ ok: false, kind: 'too-large', status: 200 });
  });

  it('gives up on a host slower than the deadline', async () => {
    const started = Date.now();
    expect(await fetchPage(request('/slow', { timeoutMs: 300 }))).toMatchObject({ ok: false, kind: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('asks for a permit before every hop and stops where one is refused', async () => {
    const asked: string[] = [];
    const page = await fetchPage(
      request('/moved', {
        permit: async (url) => {
          asked.push(url.pathname);
          return url.pathname === '/story'
            ? { allowed: false, reason: 'disallowed by robots.txt' }
            : { allowed: true, release: () => undefined };
        },
      }),
    );
    expect(asked).toEqual(['/moved', '/story']);
    expect(page).toMatchObject({ ok: false, kind: 'robots', reason: 'disallowed by robots.txt' });
  });

  it('knows link-local addresses in every spelling', () => {
    expect(['169.254.169.254', '::ffff:169.254.1.1', 'fe80::1', '[fe80::1%eth0]'].every(isLinkLocal)).toBe(true);
    expect(['10.0.0.1', '127.0.0.1', '2001:db8::1'].some(isLinkLocal)).toBe(false);
  });
});
