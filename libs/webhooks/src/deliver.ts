// One HTTP delivery attempt, with nothing framework-specific: the worker signs, calls this, records the
// outcome in the delivery log and schedules (or not) the next attempt from `classification`.
//
// Why node:http/https rather than fetch: we need (1) our own DNS lookup so the socket is pinned to the
// addresses the SSRF guard checked, (2) redirects *never* followed (fetch's redirect:'manual' hides the
// status behind an opaque response in some runtimes), (3) a hard total deadline that also covers DNS and a
// slow-drip body, and (4) to stop reading after 1 KB instead of buffering whatever a receiver sends.
//
// Status policy (documented for consumers in the README):
//   2xx               → delivered.
//   410 Gone          → disable: the consumer told us the endpoint is gone for good (Svix/Stripe do the same).
//   3xx               → retry: redirects are not followed — following one would re-open the SSRF hole
//                       (a public URL redirecting to 169.254.169.254) and would POST somewhere the subscriber
//                       never registered. The endpoint owner must register the final URL.
//   429, 5xx          → retry, honouring Retry-After.
//   other 4xx         → retry as well, like Svix: a 400/401/404 is very often a consumer deploy gone wrong
//                       (bad secret, route missing) that gets fixed within hours, and dropping the event
//                       would break "never miss an event". Persistent failure is bounded by the retry
//                       schedule and the endpoint-health auto-disable.
//   timeout, network  → retry.
//   SSRF refusal      → refused: no packet was sent.
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { parseRetryAfter } from './retry-schedule';
import { checkWebhookUrl, pinnedLookup, type HostResolver } from './ssrf-guard';

export const DEFAULT_DELIVERY_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 1024;

export type DeliveryClassification = 'delivered' | 'retry' | 'disable' | 'refused';

export interface DeliveryOutcome {
  ok: boolean;
  /** Final HTTP status, or null when no response was received (refused, DNS, connect error, timeout). */
  statusCode: number | null;
  /** From the start of the call (DNS included) until the outcome was known. */
  latencyMs: number;
  /** First `maxResponseBytes` of the response body, UTF-8 decoded, NUL-free (safe for a Postgres text column). */
  responseExcerpt: string;
  /** Human-readable failure reason; null when delivered. */
  error: string | null;
  /** Parsed `Retry-After` of a non-2xx response, in ms; pass to nextAttemptDelay. */
  retryAfterMs: number | null;
  classification: DeliveryClassification;
  /** The IP actually connected to (for the delivery log / abuse reports), when known. */
  remoteAddress: string | null;
}

export interface DeliverWebhookInput {
  url: string;
  /** The exact signed payload. */
  body: string;
  /** Usually the result of signWebhook(); content-length is always set here. */
  headers: Readonly<Record<string, string>>;
  /** Total deadline for DNS + connect + TLS + response headers + excerpt. Default 15 s. */
  timeoutMs?: number;
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS. Default false. */
  allowPrivateNetworks?: boolean;
  /** How much of the response body to keep. Default 1024. */
  maxResponseBytes?: number;
  /** DNS seam (tests, custom resolvers). Default: dns.lookup with all addresses. */
  resolver?: HostResolver;
  /**
   * Optional keep-alive agents for throughput. Default: a fresh connection per attempt (`agent: false`),
   * which avoids stale-socket resets from receivers that close idle connections. Sockets in a shared agent
   * were all opened through the pinned lookup, so reusing them does not weaken the SSRF guard.
   */
  agents?: { http?: http.Agent; https?: https.Agent };
}

/** Maps a final HTTP status to what the worker should do next (see the policy at the top of this file). */
export function classifyStatus(statusCode: number): Exclude<DeliveryClassification, 'refused'> {
  if (statusCode >= 200 && statusCode < 300) return 'delivered';
  if (statusCode === 410) return 'disable';
  return 'retry';
}

function describeError(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) {
    // Happy-eyeballs (autoSelectFamily) reports one error per address tried.
    return [...new Set(err.errors.map(describeError))].join('; ');
  }
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    if (err.message) return err.message;
    return code ?? err.name;
  }
  return String(err);
}

function decodeExcerpt(chunks: Buffer[], max: number): string {
  const bytes = Buffer.concat(chunks).subarray(0, max);
  // stream:true drops a multi-byte character cut in half by the byte limit instead of emitting U+FFFD.
  // Postgres text cannot store NUL, so replace it; a receiver returning binary must not break the log insert.
  return new TextDecoder('utf-8').decode(bytes, { stream: true }).replaceAll('\u0000', '\uFFFD');
}

export async function deliverWebhook(input: DeliverWebhookInput): Promise<DeliveryOutcome> {
  const timeoutMs = input.timeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
  const maxResponseBytes = input.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new TypeError('timeoutMs must be a positive number');
  if (!Number.isInteger(maxResponseBytes) || maxResponseBytes < 0) {
    throw new TypeError('maxResponseBytes must be a non-negative integer');
  }
  if (typeof input.body !== 'string') throw new TypeError('body must be the exact signed payload string');

  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const base = { statusCode: null, responseExcerpt: '', retryAfterMs: null, remoteAddress: null };

  // The SSRF check includes DNS, which can hang; it counts against the same total deadline.
  let dnsTimer: NodeJS.Timeout | undefined;
  const dnsDeadline = new Promise<'timeout'>((resolve) => {
    dnsTimer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const check = await Promise.race([
    checkWebhookUrl(input.url, { allowPrivateNetworks: input.allowPrivateNetworks ?? false, resolver: input.resolver }),
    dnsDeadline,
  ]).finally(() => clearTimeout(dnsTimer));

  if (check === 'timeout') {
    return {
      ...base,
      ok: false,
      latencyMs: elapsed(),
      error: `timeout after ${timeoutMs} ms (DNS)`,
      classification: 'retry',
    };
  }
  if (!check.ok) {
    return {
      ...base,
      ok: false,
      latencyMs: elapsed(),
      error: check.reason,
      classification: check.kind === 'refused' ? 'refused' : 'retry',
    };
  }

  const { url, hostname, addresses } = check;
  const isHttps = url.protocol === 'https:';
  const remaining = Math.max(1, timeoutMs - (performance.now() - started));

  return new Promise<DeliveryOutcome>((resolve, reject) => {
    let settled = false;
    let statusCode: number | null = null;
    let statusText = '';
    let location: string | undefined;
    let retryAfterMs: number | null = null;
    let remoteAddress: string | null = null;
    const chunks: Buffer[] = [];
    let kept = 0;
    let complete = false;

    let req: http.ClientRequest;
    const finish = (failure?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const latencyMs = elapsed();
      // Stop the transfer unless the response completed (a complete one may return its socket to a keep-alive
      // agent): we have all we want to keep, or the deadline passed.
      if (!complete && !req.destroyed) req.destroy();
      const responseExcerpt = decodeExcerpt(chunks, maxResponseBytes);
      if (statusCode === null) {
        resolve({
          ok: false,
          statusCode: null,
          latencyMs,
          responseExcerpt,
          error: failure ?? 'no response',
          retryAfterMs: null,
          classification: 'retry',
          remoteAddress,
        });
        return;
      }
      const classification = classifyStatus(statusCode);
      let error: string | null = null;
      if (classification !== 'delivered') {
        error = `HTTP ${statusCode}${statusText ? ` ${statusText}` : ''}`;
        if (statusCode >= 300 && statusCode < 400) {
          error += `: redirect not followed${location ? ` (Location: ${location.slice(0, 200)})` : ''}`;
        }
        if (statusCode === 410) error += ': endpoint is gone';
      }
      resolve({
        ok: classification === 'delivered',
        statusCode,
        latencyMs,
        responseExcerpt,
        error,
        retryAfterMs: classification === 'delivered' ? null : retryAfterMs,
        classification,
        remoteAddress,
      });
    };

    // Total deadline. If the status line already arrived, the receiver has answered: keep that answer and
    // the partial excerpt rather than turning a 200 with a slow-drip body into a retry (duplicate delivery).
    const timer = setTimeout(() => finish(`timeout after ${timeoutMs} ms`), remaining);

    const options: https.RequestOptions = {
      method: 'POST',
      protocol: url.protocol,
      hostname,
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      headers: { ...input.headers, 'content-length': String(Buffer.byteLength(input.body)) },
      lookup: pinnedLookup(addresses),
      agent: (isHttps ? input.agents?.https : input.agents?.http) ?? false,
    };
    if (isHttps) {
      // TLS still verifies the certificate against the *hostname*, even though we connect to a pinned IP.
      options.servername = hostname;
    }

    try {
      req = (isHttps ? https : http).request(options);
    } catch (err) {
      // Invalid header names/values: a programming error, not a delivery failure.
      clearTimeout(timer);
      reject(err);
      return;
    }

    req.on('socket', (socket) => {
      // A kept-alive socket is connected already and never emits 'connect' again: a listener left on it per
      // request would pile up for as long as the connection is reused.
      if (!socket.connecting) {
        remoteAddress = socket.remoteAddress ?? null;
        return;
      }
      socket.once('connect', () => {
        remoteAddress = socket.remoteAddress ?? null;
      });
    });
    req.on('error', (err) => finish(describeError(err)));
    req.on('response', (res) => {
      statusCode = res.statusCode ?? null;
      statusText = res.statusMessage ?? '';
      location = res.headers.location;
      retryAfterMs = parseRetryAfter(res.headers['retry-after']);
      remoteAddress = res.socket?.remoteAddress ?? remoteAddress;
      if (maxResponseBytes === 0) {
        finish();
        return;
      }
      res.on('data', (chunk: Buffer) => {
        if (kept < maxResponseBytes) {
          chunks.push(chunk.subarray(0, maxResponseBytes - kept));
          kept += Math.min(chunk.length, maxResponseBytes - kept);
        }
        // Enough bytes kept: don't read (or wait for) the rest.
        if (kept >= maxResponseBytes) finish();
      });
      res.on('end', () => {
        complete = true;
        finish();
      });
      res.on('error', () => finish());
      res.on('close', () => finish());
    });
    req.end(input.body);
  });
}
