// Real HTTP servers on 127.0.0.1 (port 0); no network mocks. The only seam used is the DNS resolver, to
// simulate hostnames that resolve to chosen addresses (pinning / rebinding tests). SSRF refusals of literal
// addresses are also watched with call-through spies on http(s).request, to prove no request is ever made.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { deliverWebhook, classifyStatus, type DeliverWebhookInput } from './deliver';
import { generateWebhookSecret } from './secret';
import { signWebhook } from './signer';
import type { HostResolver } from './ssrf-guard';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface TestServer {
  url: string;
  port: number;
  requests: Received[];
  connections: number;
  close: () => Promise<void>;
}

const servers: TestServer[] = [];

async function startServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void,
): Promise<TestServer> {
  const requests: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  const state: TestServer = {
    url: '',
    port: 0,
    requests,
    connections: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('connection', () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${state.port}`;
  servers.push(state);
  return state;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const payload = JSON.stringify({ id: 'evt_1', type: 'story.updated', data: { id: 'st_1', version: 3 } });

function signed(secrets = [generateWebhookSecret()]) {
  return { secrets, headers: signWebhook({ msgId: 'evt_1', payload, secrets }) };
}

function deliver(url: string, overrides: Partial<DeliverWebhookInput> = {}) {
  return deliverWebhook({
    url,
    body: payload,
    headers: signed().headers,
    timeoutMs: 2_000,
    allowPrivateNetworks: true,
    ...overrides,
  });
}

describe('deliverWebhook: responses', () => {
  it('2xx → delivered; the receiver verifies the signature with standardwebhooks', async () => {
    const { secrets, headers } = signed();
    let verified: unknown = null;
    const srv = await startServer((req, res, body) => {
      verified = new Webhook(secrets[0]).verify(body, req.headers as Record<string, string>);
      res.writeHead(204).end();
    });
    const out = await deliverWebhook({
      url: `${srv.url}/hooks?x=1`,
      body: payload,
      headers,
      allowPrivateNetworks: true,
    });
    expect(out).toMatchObject({
      ok: true,
      statusCode: 204,
      classification: 'delivered',
      error: null,
      retryAfterMs: null,
      responseExcerpt: '',
      remoteAddress: '127.0.0.1',
    });
    expect(out.latencyMs).toBeGreaterThanOrEqual(0);
    expect(verified).toEqual(JSON.parse(payload));
    const [r] = srv.requests;
    expect(r.method).toBe('POST');
    expect(r.url).toBe('/hooks?x=1');
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['user-agent']).toBe('Storyline-Webhooks/1.0');
    expect(r.headers['content-length']).toBe(String(Buffer.byteLength(payload)));
    expect(r.headers['webhook-id']).toBe('evt_1');
  });

  it('rotation: two signatures are sent and each secret verifies on the receiver', async () => {
    const secrets = [generateWebhookSecret(), generateWebhookSecret()];
    const results: boolean[] = [];
    const srv = await startServer((req, res, body) => {
      for (const s of secrets) {
        try {
          new Webhook(s).verify(body, req.headers as Record<string, string>);
          results.push(true);
        } catch {
          results.push(false);
        }
      }
      res.end('ok');
    });
    const out = await deliver(srv.url, { headers: signWebhook({ msgId: 'evt_1', payload, secrets }) });
    expect(out.classification).toBe('delivered');
    expect(out.responseExcerpt).toBe('ok');
    expect(results).toEqual([true, true]);
    expect(String(srv.requests[0].headers['webhook-signature']).split(' ')).toHaveLength(2);
  });

  it('500 with a large body → retry, excerpt truncated to 1 KB', async () => {
    const big = 'x'.repeat(5_000);
    const srv = await startServer((_req, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end(big));
    const out = await deliver(srv.url);
    expect(out).toMatchObject({
      ok: false,
      statusCode: 500,
      classification: 'retry',
      error: 'HTTP 500 Internal Server Error',
    });
    expect(out.responseExcerpt).toBe('x'.repeat(1024));
  });

  it('stops reading a huge response after the excerpt', async () => {
    const srv = await startServer((_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 200 && res.write(chunk)) sent++;
        if (sent < 200) res.once('drain', pump);
        else res.end();
      };
      pump();
    });
    const out = await deliver(srv.url, { maxResponseBytes: 100 });
    expect(out.classification).toBe('delivered');
    expect(out.responseExcerpt).toBe('a'.repeat(100));
  });

  it('does not split a multi-byte character at the byte limit, and strips NUL', async () => {
    const srv = await startServer((_req, res) => res.writeHead(400).end('\u0000' + 'é'.repeat(1000)));
    const out = await deliver(srv.url);
    expect(Buffer.byteLength(out.responseExcerpt)).toBeLessThanOrEqual(1024 + 2);
    expect(out.responseExcerpt.startsWith('\uFFFDé')).toBe(true);
    expect(out.responseExcerpt.slice(1)).toMatch(/^é+$/);
    expect(out.responseExcerpt).not.toContain('\u0000');
  });

  it('429 with Retry-After seconds → retry with retryAfterMs', async () => {
    const srv = await startServer((_req, res) => res.writeHead(429, { 'retry-after': '120' }).end('slow down'));
    const out = await deliver(srv.url);
    expect(out).toMatchObject({
      statusCode: 429,
      classification: 'retry',
      retryAfterMs: 120_000,
      responseExcerpt: 'slow down',
    });
  });

  it('503 with Retry-After HTTP-date → retryAfterMs from the date', async () => {
    const at = new Date(Date.now() + 60_000).toUTCString();
    const srv = await startServer((_req, res) => res.writeHead(503, { 'retry-after': at }).end());
    const out = await deliver(srv.url);
    expect(out.classification).toBe('retry');
    expect(out.retryAfterMs).toBeGreaterThan(55_000);
    expect(out.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('410 Gone → disable', async () => {
    const srv = await startServer((_req, res) => res.writeHead(410).end('bye'));
    const out = await deliver(srv.url);
    expect(out).toMatchObject({ ok: false, statusCode: 410, classification: 'disable', responseExcerpt: 'bye' });
    expect(out.error).toMatch(/410/);
  });

  it('302 is not followed → retry', async () => {
    const target = await startServer((_req, res) => res.end('should not be reached'));
    const srv = await startServer((_req, res) => res.writeHead(302, { location: `${target.url}/elsewhere` }).end());
    const out = await deliver(srv.url);
    expect(out).toMatchObject({ ok: false, statusCode: 302, classification: 'retry' });
    expect(out.error).toMatch(/redirect not followed.*elsewhere/);
    expect(target.requests).toHaveLength(0);
  });

  it.each([400, 401, 404, 422])('%i → retry (Svix policy)', async (status) => {
    const srv = await startServer((_req, res) => res.writeHead(status).end());
    const out = await deliver(srv.url);
    expect(out).toMatchObject({ ok: false, statusCode: status, classification: 'retry' });
  });

  it('a server that never answers → timeout, retry', async () => {
    const srv = await startServer(() => undefined);
    const out = await deliver(srv.url, { timeoutMs: 300 });
    expect(out).toMatchObject({ ok: false, statusCode: null, classification: 'retry' });
    expect(out.error).toMatch(/timeout after 300 ms/);
    // Covers the whole wait (290: timers may fire a millisecond early); no upper bound, a loaded machine exceeds any.
    expect(out.latencyMs).toBeGreaterThanOrEqual(290);
    expect(srv.requests).toHaveLength(1);
  });

  it('a 200 whose body never finishes keeps the 200 (no duplicate delivery) at the deadline', async () => {
    const srv = await startServer((_req, res) => {
      res.writeHead(200);
      res.write('partial');
    });
    const out = await deliver(srv.url, { timeoutMs: 300 });
    expect(out).toMatchObject({ ok: true, statusCode: 200, classification: 'delivered', responseExcerpt: 'partial' });
  });

  it('connection refused → retry', async () => {
    const srv = await startServer(() => undefined);
    const url = srv.url;
    await srv.close();
    servers.splice(servers.indexOf(srv), 1);
    const out = await deliver(url);
    expect(out).toMatchObject({ ok: false, statusCode: null, classification: 'retry' });
    expect(out.error).toMatch(/ECONNREFUSED/);
  });

  it('maxResponseBytes 0 keeps nothing', async () => {
    const srv = await startServer((_req, res) => res.end('hello'));
    const out = await deliver(srv.url, { maxResponseBytes: 0 });
    expect(out).toMatchObject({ classification: 'delivered', responseExcerpt: '' });
  });

  it('reuses connections through an optional keep-alive agent', async () => {
    const agent = new http.Agent({ keepAlive: true });
    try {
      const srv = await startServer((_req, res) => res.end('ok'));
      for (let i = 0; i < 3; i++) {
        expect((await deliver(srv.url, { agents: { http: agent } })).classification).toBe('delivered');
      }
      expect(srv.requests).toHaveLength(3);
      expect(srv.connections).toBe(1);
    } finally {
      agent.destroy();
    }
  });

  it('leaves no listener behind on a reused connection, and still names the address', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const srv = await startServer((_req, res) => res.end('ok'));
      let socket: import('node:net').Socket | undefined;
      agent.on('free', (s) => (socket = s));
      for (let i = 0; i < 15; i++) {
        const out = await deliver(srv.url, { agents: { http: agent } });
        expect(out).toMatchObject({ classification: 'delivered', remoteAddress: '127.0.0.1' });
      }
      expect(srv.connections).toBe(1);
      expect(socket!.listenerCount('connect')).toBe(0);
    } finally {
      agent.destroy();
    }
  });

  it('rejects invalid input as a programming error', async () => {
    await expect(deliver('http://127.0.0.1:1', { timeoutMs: 0 })).rejects.toThrow(TypeError);
    const srv = await startServer((_req, res) => res.end());
    await expect(deliver(srv.url, { headers: { 'x-bad': 'a\r\nb' } })).rejects.toThrow();
  });
});

describe('deliverWebhook: SSRF', () => {
  it('refuses loopback without the allowlist and makes no request; allows it with', async () => {
    const srv = await startServer((_req, res) => res.end('ok'));
    const refused = await deliver(srv.url, { allowPrivateNetworks: false });
    expect(refused).toMatchObject({ ok: false, statusCode: null, classification: 'refused' });
    expect(refused.error).toMatch(/loopback/);
    expect(srv.requests).toHaveLength(0);
    expect(srv.connections).toBe(0);

    const allowed = await deliver(srv.url, { allowPrivateNetworks: true });
    expect(allowed.classification).toBe('delivered');
  });

  it('refuses a hostname resolving to loopback (localhost); allows it with the allowlist', async () => {
    const srv = await startServer((_req, res) => res.end('ok'));
    const refused = await deliver(`http://localhost:${srv.port}/`, { allowPrivateNetworks: false });
    expect(refused.classification).toBe('refused');
    expect(refused.error).toMatch(/localhost resolves to/);
    expect(srv.connections).toBe(0);
    const allowed = await deliver(`http://localhost:${srv.port}/`, { allowPrivateNetworks: true });
    expect(allowed.classification).toBe('delivered');
  });

  it.each([
    ['http://[::1]:8080/', /loopback/],
    ['http://169.254.169.254/latest/meta-data/', /link-local/],
    ['http://10.0.0.1/', /private/],
    ['http://192.168.1.10/', /private/],
    ['http://172.20.0.5/', /private/],
    ['http://100.64.1.1/', /carrier-grade/],
    ['http://0.0.0.0/', /unspecified/],
    ['http://[::]/', /unspecified/],
    ['http://[::ffff:127.0.0.1]/', /IPv4-mapped loopback/],
    ['http://[::ffff:169.254.169.254]/', /IPv4-mapped link-local/],
    ['http://[fd00::1]/', /unique-local/],
    ['http://[fe80::1]/', /link-local/],
    ['http://224.0.0.1/', /multicast/],
    ['http://2130706433/', /loopback/],
    ['http://0x7f.1/', /loopback/],
  ])('refuses %s', async (url, reason) => {
    // Decided locally from the literal address: no DNS lookup and no request (so no connection) is ever made.
    const resolver = jest.fn<ReturnType<HostResolver>, Parameters<HostResolver>>();
    const requests = [jest.spyOn(http, 'request'), jest.spyOn(https, 'request')];
    try {
      const out = await deliver(url, { allowPrivateNetworks: false, resolver });
      expect(out).toMatchObject({ ok: false, statusCode: null, classification: 'refused' });
      expect(out.error).toMatch(reason);
      expect(resolver).not.toHaveBeenCalled();
      for (const request of requests) expect(request).not.toHaveBeenCalled();
    } finally {
      for (const request of requests) request.mockRestore();
    }
  });

  it.each([
    'ftp://example.com/',
    'file:///etc/passwd',
    'gopher://example.com/',
    'https://user:pass@example.com/',
    'not a url',
  ])('refuses %s even with the allowlist', async (url) => {
    const out = await deliver(url, { allowPrivateNetworks: true });
    expect(out.classification).toBe('refused');
  });

  it('pins the connection to the checked address (no second DNS resolution)', async () => {
    const srv = await startServer((_req, res) => res.end('pinned'));
    let calls = 0;
    // ".invalid" never resolves through the system resolver, so reaching the server proves the pin was used.
    const resolver: HostResolver = async () => {
      calls++;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const out = await deliver(`http://hooks.storyline.invalid:${srv.port}/x`, { resolver });
    expect(out).toMatchObject({ classification: 'delivered', responseExcerpt: 'pinned', remoteAddress: '127.0.0.1' });
    expect(calls).toBe(1);
    expect(srv.requests[0].headers.host).toBe(`hooks.storyline.invalid:${srv.port}`);
  });

  it('refuses when any resolved address is private (rebinding-style mixed answer)', async () => {
    const resolver: HostResolver = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ];
    const out = await deliver('http://rebind.example/', { resolver, allowPrivateNetworks: false });
    expect(out.classification).toBe('refused');
    expect(out.error).toMatch(/rebind\.example resolves to 127\.0\.0\.1/);
  });

  it('DNS failure → retry (transient), not refused', async () => {
    const resolver: HostResolver = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND nope.example'), { code: 'ENOTFOUND' });
    };
    const out = await deliver('http://nope.example/', { resolver, allowPrivateNetworks: false });
    expect(out).toMatchObject({ classification: 'retry', statusCode: null });
    expect(out.error).toMatch(/ENOTFOUND/);
  });

  it('a hanging DNS lookup counts against the total timeout', async () => {
    const resolver: HostResolver = () => new Promise(() => undefined);
    const out = await deliver('http://slow-dns.example/', { resolver, timeoutMs: 200 });
    expect(out).toMatchObject({ classification: 'retry', statusCode: null });
    expect(out.error).toMatch(/timeout after 200 ms \(DNS\)/);
  });
});

describe('classifyStatus', () => {
  it.each([
    [200, 'delivered'],
    [299, 'delivered'],
    [301, 'retry'],
    [400, 'retry'],
    [410, 'disable'],
    [429, 'retry'],
    [500, 'retry'],
  ] as const)('%i → %s', (status, expected) => {
    expect(classifyStatus(status)).toBe(expected);
  });
});
