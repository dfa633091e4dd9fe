import { decodeTextBody, storableText, UnsupportedCharsetError } from './text-body';

const bytes = (s: string, encoding: BufferEncoding = 'utf8') => Buffer.from(s, encoding);

describe('storableText', () => {
  it('drops NUL and replaces lone surrogates, keeping pairs', () => {
    expect(storableText('a\u0000b \ud800 c \udc00 😀')).toBe('ab \ufffd c \ufffd 😀');
  });
});

describe('decodeTextBody', () => {
  it('takes UTF-8 as it is, and unlabelled bytes that are not UTF-8 as windows-1252', () => {
    expect(decodeTextBody(bytes('Köln'), 'text/plain', false)).toBe('Köln');
    expect(decodeTextBody(Buffer.from([0x4b, 0xf6, 0x6c, 0x6e, 0x20, 0x80, 0x35]), 'text/plain', false)).toBe(
      'Köln €5',
    );
  });

  it('follows the Content-Type charset, latin1 meaning windows-1252 as in browsers', () => {
    expect(decodeTextBody(Buffer.from([0x80, 0x35, 0xe9]), 'text/plain; charset=latin1', false)).toBe('€5é');
    expect(decodeTextBody(bytes('Köln'), 'text/plain; charset="UTF-8"', false)).toBe('Köln');
  });

  it("reads an HTML page's own <meta> charset when the request names none", () => {
    const page = Buffer.concat([
      bytes('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2"></head><p>'),
      Buffer.from([0xb3, 0xf3, 0x64, 0xbc]), // "łódź" in ISO-8859-2
    ]);
    expect(decodeTextBody(page, 'text/html', true)).toContain('<p>łódź');
    const cp1252 = Buffer.concat([bytes('<meta charset="windows-1252"><p>Caf'), Buffer.from([0xe9])]);
    expect(decodeTextBody(cp1252, 'text/html', true)).toContain('Café');
    // The request's charset wins over the page's.
    expect(decodeTextBody(bytes('<meta charset="windows-1252"><p>Köln'), 'text/html; charset=utf-8', true)).toContain(
      'Köln',
    );
  });

  it('lets a byte-order mark decide, and drops it', () => {
    expect(decodeTextBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes('Köln')]), 'text/plain', false)).toBe(
      'Köln',
    );
    expect(decodeTextBody(Buffer.concat([Buffer.from([0xff, 0xfe]), bytes('Köln', 'utf16le')]), undefined, false)).toBe(
      'Köln',
    );
  });

  it('refuses a charset it cannot decode when the request names it, and ignores one the page names', () => {
    expect(() => decodeTextBody(bytes('x'), 'text/plain; charset=klingon', false)).toThrow(UnsupportedCharsetError);
    expect(decodeTextBody(bytes('<meta charset="klingon"><p>Köln'), 'text/html', true)).toContain('Köln');
  });
});
