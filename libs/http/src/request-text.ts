import { TextDecoder } from 'node:util';

/**
 * Text as requests bring it, made into text Postgres can store and compare: bytes decoded the way a browser
 * would, NUL removed (a text column cannot hold it; one NUL failed the whole request with a 500), lone UTF-16
 * surrogates (legal in JSON's \ud800, not in UTF-8) replaced with U+FFFD — which the driver would otherwise do
 * silently on the way in, so that a stored article and its retried request would no longer compare equal.
 */
export function storableText(text: string): string {
  return text
    .replaceAll('\u0000', '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

const hexDigit = (byte: number | undefined) =>
  byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66));

/**
 * Whether a UTF-8 JSON text may hold a string storableText would change: NUL or a UTF-16 surrogate can only
 * come from a `\u0000` or `\uD800`–`\uDFFF` escape (UTF-8 decoding turns broken bytes into U+FFFD, and JSON
 * refuses raw control characters). Errs towards true (an escaped backslash before "u0000" counts), never false.
 * Found by byte search, so the usual body — none of these escapes — is not walked string by string.
 */
export function mayHoldUnstorableJson(json: Uint8Array): boolean {
  const bytes = Buffer.isBuffer(json) ? json : Buffer.from(json.buffer, json.byteOffset, json.byteLength);
  if (bytes.indexOf(0) !== -1) return true;
  for (let at = bytes.indexOf('\\u'); at !== -1; at = bytes.indexOf('\\u', at + 2)) {
    const [a, b, c, d] = [bytes[at + 2], bytes[at + 3], bytes[at + 4], bytes[at + 5]];
    if (!hexDigit(a) || !hexDigit(b) || !hexDigit(c) || !hexDigit(d)) continue;
    if (a === 0x30 && b === 0x30 && c === 0x30 && d === 0x30) return true; // \u0000
    if ((a | 0x20) === 0x64 && b! >= 0x38) return true; // \uD800–\uDFFF
  }
  return false;
}

/**
 * Applies storableText to every string of a parsed JSON value, in place (what a JSON.parse reviver would do,
 * without V8's slow reviver path: parsing a 2 MB batch took 6× as long with one). Iterative, so nesting depth
 * is no concern; object keys are left as they are, as a reviver leaves them.
 */
export function storableJson<T>(value: T): T {
  if (typeof value === 'string') return storableText(value) as T;
  const stack: unknown[] = [value];
  while (stack.length) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    const target = node as Record<string, unknown>;
    for (const key of Object.keys(target)) {
      const item = target[key];
      if (typeof item === 'string') {
        const stored = storableText(item);
        if (stored === item) continue;
        // A parsed "__proto__" is an own property; assigning to it would go to the prototype setter instead.
        if (key === '__proto__')
          Object.defineProperty(target, key, { value: stored, writable: true, enumerable: true, configurable: true });
        else target[key] = stored;
      } else if (item !== null && typeof item === 'object') {
        stack.push(item);
      }
    }
  }
  return value;
}

/** A charset named by the request or page that this runtime cannot decode. */
export class UnsupportedCharsetError extends Error {
  constructor(readonly charset: string) {
    super(`unsupported charset "${charset}"`);
  }
}

const CHARSET_PARAM = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;
// <meta charset="…"> or <meta http-equiv="Content-Type" content="text/html; charset=…">, in the first bytes.
const META_CHARSET = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-z0-9_:.-]+)/i;
const PRESCAN_BYTES = 1024;

// windows-1252's 0x80–0x9F (undefined bytes keep their C1 code point, as the WHATWG table has it).
const CP1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Decodes bytes in the named encoding. windows-1252 is done here: Node's TextDecoder decodes it (and the labels
 * that mean it, latin1 and iso-8859-1) as ISO-8859-1, leaving € and curly quotes as C1 control characters.
 */
function decode(label: string, bytes: Uint8Array, fatal = false): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal });
  } catch {
    throw new UnsupportedCharsetError(label);
  }
  if (decoder.encoding !== 'windows-1252') return decoder.decode(bytes);
  return Buffer.from(bytes)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]);
}

/**
 * Decodes a text/plain or text/html body as a browser would (WHATWG encoding sniffing, simplified): a byte-order
 * mark wins, then the charset of the Content-Type, then for HTML a `<meta>` charset in the first 1024 bytes;
 * without any, UTF-8 when the bytes are valid UTF-8 and windows-1252 otherwise — the encoding of most unlabelled
 * legacy pages, which decoding as UTF-8 would turn into U+FFFD, losing every accented letter (and with them
 * names: "K\xf6ln"). `latin1`/`iso-8859-1` labels decode as windows-1252, as browsers do, so "\x80" is "€".
 */
export function decodeTextBody(bytes: Uint8Array, contentType: string | undefined, html: boolean): string {
  const bom =
    bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
      ? 'utf-8'
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? 'utf-16be'
        : bytes[0] === 0xff && bytes[1] === 0xfe
          ? 'utf-16le'
          : undefined;
  if (bom) return storableText(decode(bom, bytes.subarray(bom === 'utf-8' ? 3 : 2)));
  const declared = CHARSET_PARAM.exec(contentType ?? '')?.[1];
  if (declared) return storableText(decode(declared, bytes));
  if (html) {
    const head = Buffer.from(bytes.subarray(0, PRESCAN_BYTES)).toString('latin1');
    const meta = META_CHARSET.exec(head)?.[1];
    // A page cannot be UTF-16 and say so in ASCII: such a declaration means UTF-8 (as the HTML standard has it).
    if (meta) {
      const label = /^utf-?16/i.test(meta) ? 'utf-8' : meta;
      try {
        return storableText(decode(label, bytes));
      } catch {
        // An unknown label in the page itself is the page's mistake, not the request's: sniff as if absent.
      }
    }
  }
  try {
    return storableText(decode('utf-8', bytes, true));
  } catch {
    return storableText(decode('windows-1252', bytes));
  }
}
