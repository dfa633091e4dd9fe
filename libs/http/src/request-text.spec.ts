import {
  decodeTextBody,
  mayHoldUnstorableJson,
  storableJson,
  storableText,
  UnsupportedCharsetError,
} from './request-text';

const bytes = (s: string, encoding: BufferEncoding = 'utf8') => Buffer.from(s, encoding);

describe('storableText', () => {
  it('drops NUL and replaces lone surrogates, keeping pairs', () => {
    expect(storableText('a\u0000b \ud800 c \udc00 😀')).toBe('ab \ufffd c \ufffd 😀');
  });
});

describe('mayHoldUnstorableJson', () => {
  const json = (value: unknown) => bytes(JSON.stringify(value));

  it('is false for JSON without a NUL or surrogate escape, whatever else it escapes', () => {
    expect(mayHoldUnstorableJson(json({ body: 'Köln — "quoted" \\ back\tslash 😀', n: [1, null] }))).toBe(false);
    expect(mayHoldUnstorableJson(bytes('{"a":"\\u00e9\\u2014\\u0041\\uc000\\u"}'))).toBe(false);
  });

  it('is true for any \\u0000 or \\uD800–\\uDFFF escape, in either case, paired or not', () => {
    for (const text of [
      '"\\u0000"',
      '"\\ud800"',
      '"\\uDFFF"',
      '"\\uD83D\\uDE00"',
      '"\\udB00x"',
      '"\\u0000"'.repeat(2),
    ]) {
      expect(mayHoldUnstorableJson(bytes(`{"a":${text}}`))).toBe(true);
    }
    // Conservative: an escaped backslash followed by "u0000" is plain text, but counts.
    expect(mayHoldUnstorableJson(bytes('{"a":"\\\\u0000"}'))).toBe(true);
    expect(mayHoldUnstorableJson(Buffer.from([0x7b, 0x00, 0x7d]))).toBe(true);
  });

  it('agrees with storableText on every string of random JSON: false only when nothing would change', () => {
    const alphabet = ['a', 'é', '\u0000', '\ud800', '\udc00', '😀', '\\', '"', 'u', '0'];
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 500; i++) {
      const strings = Array.from({ length: 3 }, () =>
        Array.from({ length: Math.floor(random() * 6) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(
          '',
        ),
      );
      const changes = strings.some((s) => storableText(s) !== s);
      if (changes) expect(mayHoldUnstorableJson(json(strings))).toBe(true);
    }
  });
});

describe('storableJson', () => {
  it('makes every string value storable, at any depth, as a JSON.parse reviver would', () => {
    const text =
      '{"a":"x\\u0000y","b":[{"c":"\\ud800"},["\\udc00z",1,null,true]],"\\u0000key":"ok","__proto__":"\\ud800"}';
    const reviver = (_k: string, v: unknown) => (typeof v === 'string' ? storableText(v) : v);
    const walked = storableJson(JSON.parse(text));
    expect(walked).toEqual(JSON.parse(text, reviver));
    expect(Object.getOwnPropertyDescriptor(walked, '__proto__')?.value).toBe('\ufffd');
    expect(storableJson('a\u0000')).toBe('a');
    expect(storableJson(null)).toBeNull();
  });

  it('walks nesting deeper than the call stack allows', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}"\\u0000x"${']'.repeat(100_000)}`);
    let inner = storableJson(deep);
    for (let i = 0; i < 100_000; i++) inner = inner[0];
    expect(inner).toBe('x');
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
