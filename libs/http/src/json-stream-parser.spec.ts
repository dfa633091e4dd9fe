import fc from 'fast-check';
import { JsonLimitError, JsonStreamParser, JsonSyntaxError } from './json-stream-parser';
import { storableText } from '@storyline/text';

const LOOSE = { maxDepth: 1000, maxValues: 1_000_000, maxStringLength: 1_000_000, maxKeyLength: 1_000_000 };

/** Parses `text` fed in pieces cut at `cuts` (positions, in any order). */
function parse(text: string, cuts: number[] = [], limits = LOOSE): unknown {
  const parser = new JsonStreamParser(limits);
  let from = 0;
  for (const cut of [...new Set(cuts.map((c) => Math.min(c, text.length)))].sort((a, b) => a - b)) {
    parser.write(text.slice(from, cut));
    from = cut;
  }
  parser.write(text.slice(from));
  return parser.end();
}

const storableReviver = (_key: string, value: unknown) => (typeof value === 'string' ? storableText(value) : value);

// Strings rich in what is hard to cut: escapes, surrogate pairs and halves, NUL, quotes, backslashes.
const trickyString = fc.string({
  unit: fc.constantFrom(
    'a',
    'é',
    '"',
    '\\',
    '/',
    '\n',
    '\t',
    '\u0000',
    '\u001f',
    '\ud83d',
    '\ude00',
    '😀',
    'u',
    '\u2028',
  ),
  maxLength: 12,
});
const document = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    trickyString,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.constantFrom(true, false, null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(trickyString, fc.constant('__proto__')), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** JSON text with every escape spelled as \uXXXX, the way some encoders write it. */
const escapeAll = (json: string) =>
  json.replace(/"(?:[^"\\]|\\.)*"/g, (s) =>
    s.replace(/[^"\\]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );

describe('JsonStreamParser', () => {
  it('parses what JSON.parse parses, with storable strings, however the text is cut', () => {
    fc.assert(
      fc.property(
        document,
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.nat(400), { maxLength: 12 }),
        (value, spaced, allEscaped, cuts) => {
          let text = JSON.stringify(value, null, spaced ? 2 : undefined);
          if (allEscaped) text = escapeAll(text);
          const expected = JSON.parse(text, storableReviver);
          const parsed = parse(text, cuts);
          expect(parsed).toEqual(expected);
          // Own "__proto__" properties, as JSON.parse makes them (toEqual does not see the difference).
          expect(JSON.stringify(parsed)).toBe(JSON.stringify(expected));
        },
      ),
      { seed: 24, numRuns: 2000 },
    );
  });

  it('keeps an escaped surrogate pair whole when a piece ends between or inside its halves', () => {
    const text = '["a\\ud83d\\ude00b", "\\ud800"]';
    for (let cut = 0; cut <= text.length; cut++) {
      expect(parse(text, [cut])).toEqual(['a😀b', '\ufffd']);
    }
  });

  it('makes string values storable and leaves keys as sent', () => {
    expect(parse('{"k\\u0000":"v\\u0000w","x":"\\udc00"}')).toEqual({ 'k\u0000': 'vw', x: '\ufffd' });
  });

  it('refuses what JSON.parse refuses', () => {
    for (const text of [
      '',
      ' ',
      '{',
      '[1,]',
      '{"a":1,}',
      '{"a" 1}',
      '{a:1}',
      '[1 2]',
      '"\u0001"',
      '"\\x"',
      '"\\u12g4"',
      '01',
      '1.',
      '+1',
      '-',
      'tru',
      'True',
      'nul',
      '[]]',
      '{} {}',
      '"abc',
      "'a'",
    ]) {
      expect(() => JSON.parse(text)).toThrow();
      expect(() => parse(text)).toThrow(JsonSyntaxError);
      expect(() => parse(text, [1, 2, 3])).toThrow(JsonSyntaxError);
    }
  });

  it('stops at the piece that nests past the depth limit, without recursion', () => {
    const parser = new JsonStreamParser({ ...LOOSE, maxDepth: 32, maxValues: 1000 });
    parser.write('['.repeat(32));
    expect(() => parser.write('[')).toThrow(JsonLimitError);
    expect(parse(`${'['.repeat(32)}${']'.repeat(32)}`, [], { ...LOOSE, maxDepth: 32, maxValues: 100 })).toHaveLength(1);
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expect(() => parse(deep, [], { ...LOOSE, maxDepth: 32 })).toThrow(/deeper than 32 levels/);
  });

  it('stops at the value past the value limit, and at a number too long to be one', () => {
    const limits = { ...LOOSE, maxDepth: 32, maxValues: 5 };
    expect(parse('[1,2,3,4]', [], limits)).toEqual([1, 2, 3, 4]);
    expect(() => parse('[1,2,3,4,5]', [], limits)).toThrow(/more than 5 JSON values/);
    expect(() => parse('{"a":{},"b":{}, "c": [[[]]] }', [], limits)).toThrow(JsonLimitError);
    expect(() => parse(`[${'1'.repeat(101)}]`, [50])).toThrow(/more than 100 characters/);
    expect(parse(`[${'1'.repeat(100)}]`, [50])).toEqual([Number('1'.repeat(100))]);
  });

  it('stops at the piece that makes a string or a property name longer than its limit', () => {
    const limits = { ...LOOSE, maxStringLength: 10, maxKeyLength: 3 };
    expect(parse('{"abc":"0123456789"}', [3, 9, 12], limits)).toEqual({ abc: '0123456789' });
    expect(() => parse('["0123456789a"]', [5], limits)).toThrow(/a string of more than 10 characters/);
    expect(() => parse('{"abcd":1}', [], limits)).toThrow(/a property name of more than 3 characters/);
    // Counted decoded: six characters of escape are one.
    expect(parse(`["${'\\u00e9'.repeat(10)}"]`, [], limits)).toEqual(['é'.repeat(10)]);
  });

  it('carries a number, literal or escape cut by a piece into the next piece', () => {
    expect(parse('[12345,true,null,"\\n"]', [3, 9, 14, 18])).toEqual([12345, true, null, '\n']);
    expect(parse('-1.5e+3', [1, 2, 3, 4, 5, 6])).toBe(-1500);
  });
});
