const CHARSET_PARAM = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;
const XML_DECLARATION = /^<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/;

/**
 * A feed's bytes as text, by XML's rules: a byte-order mark, then the Content-Type's charset, then the XML
 * declaration's encoding, else UTF-8. A label this runtime cannot decode is read as UTF-8 rather than refused:
 * feed URLs are mostly ASCII, and those are what the poll is after.
 */
export function feedText(bytes: Buffer, contentType: string | undefined): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decode('utf-8', bytes.subarray(3));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decode('utf-16be', bytes.subarray(2));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decode('utf-16le', bytes.subarray(2));
  const declared =
    CHARSET_PARAM.exec(contentType ?? '')?.[1] ?? XML_DECLARATION.exec(bytes.subarray(0, 200).toString('latin1'))?.[1];
  return decode(declared ?? 'utf-8', bytes);
}

function decode(label: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
