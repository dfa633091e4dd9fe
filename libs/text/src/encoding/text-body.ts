import { TextDecoder } from 'node:util';

/**
 * Text as requests and fetched pages bring it, made into text Postgres can store and compare: bytes decoded the way
 * a browser would, NUL removed (a text column cannot hold it; one NUL failed the whole request with a 500), lone UTF-16
 * surrogates (legal in JSON's \ud800, not in UTF-8) replaced with U+FFFD — which the driver would otherwise do
 * silently on the way in, so that a stored article and its retried request would no longer compare equal.
 */
export function storableText(text: string): string {
  return text
    .replaceAll('\u0000', '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** A charset named by a request or a page that this runtime cannot decode. */
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
