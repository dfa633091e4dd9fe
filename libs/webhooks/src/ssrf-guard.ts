// Server-side request forgery guard. Subscribers choose the URL we POST to, so without this anyone with a
// subscription could make the webhooks worker call the cloud metadata service (169.254.169.254), Redis on
// localhost, or the admin API on the private network, and read the first 1 KB of the answer in the
// delivery log.
//
// Checking the *hostname* is not enough: "evil.example" can resolve to 127.0.0.1. So we resolve it
// ourselves, check every address, and then pin the connection to exactly the addresses we checked (a custom
// `lookup` for the socket). Without pinning, Node would resolve the name a second time at connect time and
// a DNS-rebinding attacker (TTL 0, first answer public, second answer private) would slip through.
//
// If *any* resolved address is forbidden we refuse the whole URL: a mixed public/private answer is a classic
// rebinding setup, and refusing is cheaper than reasoning about which address the socket would pick.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

// ---------------------------------------------------------------------------------------------------------
// Address classification

/** Parses dotted-quad IPv4 into an unsigned 32-bit number, or null. */
function parseIPv4(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

/** Parses an IPv6 address (with "::" and an optional dotted IPv4 tail) into 8 16-bit groups, or null. */
function parseIPv6(ip: string): number[] | null {
  let text = ip;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (v4 === null) return null;
    tail.push(v4 >>> 16, v4 & 0xffff);
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) =>
    s === '' ? [] : s.split(':').map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN));
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  if ([...head, ...rest].some(Number.isNaN)) return null;
  let groups: number[];
  if (halves.length === 2) {
    const fill = 8 - head.length - rest.length;
    if (fill < 1) return null;
    groups = [...head, ...new Array<number>(fill).fill(0), ...rest];
  } else {
    groups = head;
  }
  if (groups.length !== 8) return null;
  if (tail.length === 2) {
    groups[6] = tail[0];
    groups[7] = tail[1];
  }
  return groups;
}

interface V4Range {
  base: number;
  bits: number;
  reason: string;
}

const v4 = (cidr: string, reason: string): V4Range => {
  const [addr, bits] = cidr.split('/');
  return { base: parseIPv4(addr)!, bits: Number(bits), reason };
};

// IANA IPv4 special-purpose registry, minus the globally reachable entries.
const FORBIDDEN_V4: readonly V4Range[] = [
  v4('0.0.0.0/8', 'unspecified ("this network") address'),
  v4('10.0.0.0/8', 'private address (RFC 1918)'),
  v4('100.64.0.0/10', 'carrier-grade NAT address (RFC 6598)'),
  v4('127.0.0.0/8', 'loopback address'),
  v4('169.254.0.0/16', 'link-local address (includes cloud metadata 169.254.169.254)'),
  v4('172.16.0.0/12', 'private address (RFC 1918)'),
  v4('192.0.0.0/24', 'IETF protocol assignment address'),
  v4('192.0.2.0/24', 'documentation address'),
  v4('192.88.99.0/24', '6to4 relay anycast address'),
  v4('192.168.0.0/16', 'private address (RFC 1918)'),
  v4('198.18.0.0/15', 'benchmarking address'),
  v4('198.51.100.0/24', 'documentation address'),
  v4('203.0.113.0/24', 'documentation address'),
  v4('224.0.0.0/4', 'multicast address'),
  v4('240.0.0.0/4', 'reserved address (includes broadcast)'),
];

function classifyIPv4(n: number): string | null {
  for (const r of FORBIDDEN_V4) {
    const mask = r.bits === 0 ? 0 : (0xffffffff << (32 - r.bits)) >>> 0;
    if ((n & mask) >>> 0 === (r.base & mask) >>> 0) return r.reason;
  }
  return null;
}

function v4FromGroups(hi: number, lo: number): number {
  return ((hi << 16) >>> 0) + lo;
}

function classifyIPv6(g: number[]): string | null {
  const zeroPrefix = (count: number) => g.slice(0, count).every((x) => x === 0);
  if (zeroPrefix(8)) return 'unspecified address';
  if (zeroPrefix(7) && g[7] === 1) return 'loopback address';
  // IPv4-mapped (::ffff:a.b.c.d): the socket really talks IPv4 to a.b.c.d, so judge the embedded address.
  if (zeroPrefix(5) && g[5] === 0xffff) {
    const inner = classifyIPv4(v4FromGroups(g[6], g[7]));
    return inner && `IPv4-mapped ${inner}`;
  }
  // IPv4-compatible (::a.b.c.d, deprecated) and IPv4-translated (::ffff:0:a.b.c.d): never legitimate targets.
  if (zeroPrefix(6) || (zeroPrefix(4) && g[4] === 0xffff && g[5] === 0)) return 'IPv4-compatible/translated address';
  // NAT64 well-known prefix: a NAT64 gateway would forward to the embedded IPv4, so judge that.
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
    const inner = classifyIPv4(v4FromGroups(g[6], g[7]));
    return inner && `NAT64 ${inner}`;
  }
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return 'local-use NAT64 address';
  if (g[0] === 0x100 && g[1] === 0 && g[2] === 0 && g[3] === 0) return 'discard-only address';
  if ((g[0] & 0xff00) === 0xff00) return 'multicast address';
  if ((g[0] & 0xfe00) === 0xfc00) return 'unique-local address (fc00::/7)';
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local address (fe80::/10)';
  if ((g[0] & 0xffc0) === 0xfec0) return 'site-local address (fec0::/10)';
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'documentation address';
  if (g[0] === 0x2001 && g[1] === 0) return 'Teredo address';
  if (g[0] === 0x2002) {
    // 6to4 embeds an IPv4 address in groups 1–2.
    const inner = classifyIPv4(v4FromGroups(g[1], g[2]));
    return inner && `6to4 ${inner}`;
  }
  // Everything outside global unicast 2000::/3 is unassigned or special: refuse by default.
  if ((g[0] & 0xe000) !== 0x2000) return 'non-global IPv6 address';
  return null;
}

/**
 * Returns why `ip` must not be called (e.g. "loopback address"), or null if it is a public address.
 * Unparseable input is refused. Accepts bracketed IPv6 and strips a zone id ("fe80::1%eth0").
 */
export function forbiddenAddressReason(ip: string): string | null {
  let text = ip.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  const family = isIP(text);
  if (family === 4) {
    const n = parseIPv4(text);
    return n === null ? 'unparseable IPv4 address' : classifyIPv4(n);
  }
  if (family === 6) {
    const groups = parseIPv6(text);
    return groups === null ? 'unparseable IPv6 address' : classifyIPv6(groups);
  }
  return 'not an IP address';
}

export function isForbiddenAddress(ip: string): boolean {
  return forbiddenAddressReason(ip) !== null;
}

// ---------------------------------------------------------------------------------------------------------
// URL check + resolution

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a hostname to all its addresses. Injectable so tests can simulate DNS answers. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: HostResolver = (hostname) =>
  new Promise((resolve, reject) => {
    // `verbatim` keeps the resolver's order (Node 20 default) so happy-eyeballs behaves as usual.
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses: LookupAddress[]) => {
      if (err) reject(err);
      else resolve(addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 })));
    });
  });

export interface UrlCheckOptions {
  /** Allow loopback/private/link-local targets (local development and tests). Scheme and credential checks still apply. */
  allowPrivateNetworks?: boolean;
  resolver?: HostResolver;
}

export type UrlCheckResult =
  | {
      ok: true;
      url: URL;
      /** Hostname without IPv6 brackets, for `http.request({ hostname })`. */
      hostname: string;
      /** The checked addresses the connection must be pinned to. */
      addresses: ResolvedAddress[];
    }
  /** `refused`: policy says no (never retry blindly). `unresolvable`: DNS failed (transient, retry). */
  | { ok: false; kind: 'refused' | 'unresolvable'; reason: string };

/** Validates the URL's shape without touching the network (also usable when a subscription is created). */
export function urlShapeProblem(input: string | URL): string | null {
  let url: URL;
  try {
    url = typeof input === 'string' ? new URL(input) : input;
  } catch {
    return 'invalid URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `scheme "${url.protocol}" is not allowed`;
  if (url.username !== '' || url.password !== '') return 'URLs with embedded credentials are not allowed';
  if (url.hostname === '') return 'URL has no host';
  return null;
}

/**
 * Checks a webhook URL and resolves it. Literal IPs are checked without DNS. The WHATWG URL parser has
 * already normalized odd IPv4 spellings ("http://2130706433", "http://0x7f.1") to dotted quads, so they
 * cannot sneak past as "hostnames".
 */
export async function checkWebhookUrl(input: string | URL, options: UrlCheckOptions = {}): Promise<UrlCheckResult> {
  const problem = urlShapeProblem(input);
  if (problem) return { ok: false, kind: 'refused', reason: problem };
  const url = typeof input === 'string' ? new URL(input) : input;
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;

  let addresses: ResolvedAddress[];
  const literal = isIP(hostname);
  if (literal) {
    addresses = [{ address: hostname, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await (options.resolver ?? systemResolver)(hostname);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      return { ok: false, kind: 'unresolvable', reason: `DNS lookup for ${hostname} failed: ${code}` };
    }
    if (addresses.length === 0) return { ok: false, kind: 'unresolvable', reason: `${hostname} has no addresses` };
  }

  if (!options.allowPrivateNetworks) {
    for (const { address } of addresses) {
      const reason = forbiddenAddressReason(address);
      if (reason) {
        const via = literal ? '' : ` (${hostname} resolves to ${address})`;
        return { ok: false, kind: 'refused', reason: `refused ${reason}${via}` };
      }
    }
  }
  return { ok: true, url, hostname, addresses };
}

/**
 * A `lookup` for net/tls sockets that ignores the hostname and answers with the pre-checked addresses.
 * Node calls lookup with `all: true` when happy-eyeballs (autoSelectFamily, default on in Node 20) is
 * active, and with `all: false` otherwise; both shapes are supported. `family` hints are honoured.
 */
export function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  if (addresses.length === 0) throw new Error('pinnedLookup needs at least one address');
  return ((_hostname: string, options: unknown, callback?: unknown) => {
    const cb = (typeof options === 'function' ? options : callback) as (...args: unknown[]) => void;
    const opts = (typeof options === 'object' && options !== null ? options : {}) as { all?: boolean; family?: number };
    const wanted =
      opts.family === 4 || opts.family === 6 ? addresses.filter((a) => a.family === opts.family) : addresses;
    if (wanted.length === 0) {
      const err: NodeJS.ErrnoException = new Error(`no pinned IPv${opts.family} address`);
      err.code = 'ENOTFOUND';
      process.nextTick(cb, err, opts.all ? [] : undefined, opts.all ? undefined : 0);
      return;
    }
    if (opts.all)
      process.nextTick(
        cb,
        null,
        wanted.map((a) => ({ address: a.address, family: a.family })),
      );
    else process.nextTick(cb, null, wanted[0].address, wanted[0].family);
  }) as LookupFunction;
}
