// One GET of a page someone else chose (a feed item, a URL posted to ingest), with nothing framework-specific.
//
// Why node:http/https rather than fetch: as for webhook deliveries (libs/webhooks/src/deliver.ts), every hop
// must connect to exactly the addresses the SSRF guard checked (a pinned lookup), redirects are followed here,
// one hop at a time, so each new target is checked before a packet goes to it (a public page redirecting to
// 169.254.169.254 is the classic way around a guard that checks the first URL only), and the body is counted
// as it arrives so a huge or endless page is cut at the limit instead of buffered.
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { checkWebhookUrl, pinnedLookup, type HostResolver } from '@storyline/webhooks';

/**
 * Why no page came back. `refused`, `robots`, `too-large` and `redirects` are final; the others may pass on a retry
 * (`held-off`: the host asked every worker to wait, with a Retry-After, and this request was not sent).
 */
export type FetchFailureKind =
  'refused' | 'robots' | 'held-off' | 'unreachable' | 'timeout' | 'too-large' | 'redirects';

export const TRANSIENT_FAILURES: ReadonlySet<FetchFailureKind> = new Set(['held-off', 'unreachable', 'timeout']);

/**
 * What a hop needs before it may go out: the robots rules and the host's politeness, decided by the caller. A hop
 * refused with `retryAfterMs` is not refused for good: its host asked to be left alone that long.
 */
export type HopPermit =
  { allowed: true; release: () => void } | { allowed: false; reason: string; retryAfterMs?: number };

export interface PageRequest {
  url: string;
  userAgent: string;
  /** Network time of all hops together (waiting for a permit is not counted). */
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  allowPrivateNetworks: boolean;
  accept: string;
  /** Extra request headers, e.g. If-None-Match / If-Modified-Since for a conditional GET. */
  headers?: Readonly<Record<string, string>>;
  /** Asked before every hop, the first included. */
  permit?: (url: URL) => Promise<HopPermit>;
  resolver?: HostResolver;
}

export interface PageResponse {
  ok: true;
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: string;
  /** Every URL that redirected, in order. */
  redirects: string[];
}

export interface PageFailure {
  ok: false;
  kind: FetchFailureKind;
  reason: string;
  /** The URL whose hop failed. */
  url: string;
  redirects: string[];
  /** The status of a response whose body was cut (too large), when one came. */
  status?: number;
  /** For `held-off`: how long the host still asked to be left alone. */
  retryAfterMs?: number;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export async function fetchPage(request: PageRequest): Promise<PageResponse | PageFailure> {
  const redirects: string[] = [];
  let remainingMs = request.timeoutMs;
  let current = request.url;
  for (;;) {
    const check = await withDeadline(
      checkWebhookUrl(current, { allowPrivateNetworks: request.allowPrivateNetworks, resolver: request.resolver }),
      remainingMs,
    );
    if (check === 'timeout') return failure('timeout', `timeout after ${request.timeoutMs} ms (DNS)`);
    if (!check.ok) return failure(check.kind === 'refused' ? 'refused' : 'unreachable', check.reason);
    const metadata = check.addresses.find((a) => isLinkLocal(a.address));
    if (metadata) return failure('refused', `refused link-local address ${metadata.address} (cloud metadata)`);
    const permit = request.permit ? await request.permit(check.url) : undefined;
    if (permit && !permit.allowed) {
      if (permit.retryAfterMs === undefined) return failure('robots', permit.reason);
      return { ...failure('held-off', permit.reason), retryAfterMs: permit.retryAfterMs };
    }
    const started = Date.now();
    let hop: HopResult;
    try {
      hop = await oneHop(request, check.url, check.hostname, check.addresses, remainingMs);
    } finally {
      if (permit?.allowed) permit.release();
    }
    remainingMs -= Date.now() - started;
    if (hop.kind !== 'response') return failure(hop.kind, hop.reason, hop.status);
    const location = hop.headers.location;
    if (!REDIRECT_STATUSES.has(hop.status) || location === undefined) {
      return { ok: true, status: hop.status, headers: hop.headers, body: hop.body, url: current, redirects };
    }
    if (redirects.length >= request.maxRedirects) {
      return failure('redirects', `more than ${request.maxRedirects} redirects`);
    }
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      return failure('refused', `redirect to an invalid URL (${location.slice(0, 200)})`);
    }
    redirects.push(current);
    current = next.toString();
    if (remainingMs <= 0) return failure('timeout', `timeout after ${request.timeoutMs} ms`);
  }

  function failure(kind: FetchFailureKind, reason: string, status?: number): PageFailure {
    return { ok: false, kind, reason, url: current, redirects, ...(status === undefined ? {} : { status }) };
  }
}

type HopResult =
  | { kind: 'response'; status: number; headers: IncomingHttpHeaders; body: Buffer }
  | { kind: Exclude<FetchFailureKind, 'refused' | 'robots' | 'redirects'>; reason: string; status?: number };

function oneHop(
  request: PageRequest,
  url: URL,
  hostname: string,
  addresses: Parameters<typeof pinnedLookup>[0],
  timeoutMs: number,
): Promise<HopResult> {
  const isHttps = url.protocol === 'https:';
  return new Promise<HopResult>((resolve) => {
    let settled = false;
    const settle = (result: HopResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => settle({ kind: 'timeout', reason: `timeout after ${request.timeoutMs} ms` }),
      Math.max(1, timeoutMs),
    );
    const options: https.RequestOptions = {
      method: 'GET',
      protocol: url.protocol,
      hostname,
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      headers: {
        'user-agent': request.userAgent,
        accept: request.accept,
        // Uncompressed: the size limit then counts what is stored, and a compressed bomb cannot get past it.
        'accept-encoding': 'identity',
        ...request.headers,
      },
      lookup: pinnedLookup(addresses),
      agent: false,
    };
    // TLS still verifies the certificate against the host name, not the pinned address.
    if (isHttps) options.servername = hostname;
    const req = (isHttps ? https : http).request(options);
    req.on('error', (err) => settle({ kind: 'unreachable', reason: describeError(err) }));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (REDIRECT_STATUSES.has(status) && res.headers.location !== undefined) {
        // The body of a redirect is never read: the next hop is all that matters.
        settle({ kind: 'response', status, headers: res.headers, body: Buffer.alloc(0) });
        return;
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > request.maxBytes) {
        settle({
          kind: 'too-large',
          status,
          reason: `${declared} bytes declared, over the ${request.maxBytes}-byte limit`,
        });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > request.maxBytes) {
          settle({ kind: 'too-large', status, reason: `over the ${request.maxBytes}-byte limit` });
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => settle({ kind: 'response', status, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', (err) => settle({ kind: 'unreachable', reason: describeError(err) }));
      res.on('close', () => {
        if (!res.complete) settle({ kind: 'unreachable', reason: 'connection closed before the page was complete' });
      });
    });
    req.end();
  });
}

/**
 * Link-local addresses stay refused even where private networks are allowed (an intranet's news site): they hold
 * the cloud metadata service (169.254.169.254, fe80::…), whose credentials no page should be able to reach.
 */
export function isLinkLocal(address: string): boolean {
  const ip = address
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
    .toLowerCase();
  const v4 = isIP(ip) === 4 ? ip : /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip)?.[1];
  if (v4) return v4.startsWith('169.254.');
  return isIP(ip) === 6 && /^fe[89ab][0-9a-f]:/.test(ip);
}

async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(1, ms));
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

function describeError(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) {
    // Happy-eyeballs reports one error per address tried.
    return [...new Set(err.errors.map(describeError))].join('; ');
  }
  if (err instanceof Error) return err.message || ((err as NodeJS.ErrnoException).code ?? err.name);
  return String(err);
}
