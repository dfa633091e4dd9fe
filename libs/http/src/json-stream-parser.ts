import { storableText } from '@storyline/text';

/** Bounds on the shape of a JSON document, beside its size in bytes (which the body reader counts). */
export interface JsonLimits {
  /** Containers nested in one another: `[[1]]` is 2. */
  maxDepth: number;
  /** Values of every kind (objects, arrays, strings, numbers, literals) in the whole document. */
  maxValues: number;
  /** Characters of one string value. */
  maxStringLength: number;
  /** Characters of one property name. */
  maxKeyLength: number;
}

/** The text is not JSON. `position` counts UTF-16 code units from the start of the document. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
  }
}

/** The text is JSON, but deeper, longer-numbered or with more values than the limits allow. */
export class JsonLimitError extends Error {
  constructor(
    readonly limit: 'depth' | 'values' | 'number' | 'string',
    message: string,
  ) {
    super(message);
  }
}

/** Longest number accepted: JSON.parse takes any, but a double holds 17 significant digits. */
const MAX_NUMBER_LENGTH = 100;

const enum Expect {
  Value,
  ValueOrArrayEnd,
  KeyOrObjectEnd,
  Key,
  Colon,
  CommaOrEnd,
  Nothing,
}

interface Frame {
  container: unknown[] | Record<string, unknown>;
  key: string | undefined;
}

// An escape that can make text storableText changes: NUL or a UTF-16 surrogate (an escaped backslash before
// "u0000" counts too, which only costs a storableText that changes nothing).
const UNSTORABLE_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;
// The characters a number or a literal may be made of; what they spell is checked once the run is complete.
const SCALAR_RUN = /[-+.0-9eEa-z]+/y;
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/**
 * JSON.parse, fed a document piece by piece as it arrives, with its depth and number of values bounded.
 *
 * A request body is parsed while it is read, so no step costs more than one piece: JSON.parse of a 32 MB body
 * blocks the process for a second or more, and a hostile one (32 MB of `[`, millions of keys) for minutes — while
 * here nesting past `maxDepth`, values past `maxValues` or a string past its length limit stop the parse at the
 * piece that crosses the limit.
 * Nothing recurses, so no depth overflows the call stack.
 *
 * The result equals JSON.parse's, `__proto__` keys included (own properties), except that every string value is
 * made storable (storableText: NUL removed, lone surrogates replaced), as the services store what they are sent.
 * Strings are decoded a piece at a time: runs without escapes are taken as they are, pieces with escapes are
 * decoded by JSON.parse (only a piece that holds a `\u0000` or surrogate escape is passed to storableText).
 */
export class JsonStreamParser {
  private expect = Expect.Value;
  private readonly stack: Frame[] = [];
  private root: unknown;
  private values = 0;
  /** Characters of the document before the current piece, for error positions. */
  private consumed = 0;
  /** The unfinished token (number, literal, escape) at the end of the last piece, prepended to the next. */
  private carry = '';
  private inString = false;
  private stringIsKey = false;
  private string = '';

  constructor(private readonly limits: JsonLimits) {}

  /** Parses the next piece of the document. */
  write(piece: string): void {
    this.feed(piece, false);
  }

  /** Ends the document and returns its value; throws when it is incomplete. */
  end(): unknown {
    this.feed('', true);
    if (this.expect !== Expect.Nothing || this.inString) {
      throw new JsonSyntaxError('unexpected end of JSON', this.consumed);
    }
    return this.root;
  }

  private feed(piece: string, final: boolean): void {
    let text = this.carry + piece;
    const offset = this.consumed - this.carry.length;
    this.carry = '';
    // A piece cut between the halves of a surrogate pair keeps the first half for the next piece, with its pair.
    const last = text.charCodeAt(text.length - 1);
    const held = !final && last >= 0xd800 && last <= 0xdbff ? text.slice(-1) : '';
    if (held) text = text.slice(0, -1);
    const length = text.length;
    let at = 0;
    scan: while (at < length) {
      if (this.inString) {
        const next = this.readString(text, at, offset);
        if (next < 0) break;
        at = next;
        continue;
      }
      const code = text.charCodeAt(at);
      if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) {
        at++;
        continue;
      }
      switch (this.expect) {
        case Expect.Value:
        case Expect.ValueOrArrayEnd:
          if (code === 0x5d /* ] */ && this.expect === Expect.ValueOrArrayEnd) {
            this.close();
            at++;
          } else if (code === 0x7b /* { */) {
            this.open({}, offset + at);
            this.expect = Expect.KeyOrObjectEnd;
            at++;
          } else if (code === 0x5b /* [ */) {
            this.open([], offset + at);
            this.expect = Expect.ValueOrArrayEnd;
            at++;
          } else if (code === 0x22 /* " */) {
            this.startString(false);
            at++;
          } else {
            const end = this.readScalar(text, at, offset, final);
            if (end < 0) break scan;
            at = end;
          }
          break;
        case Expect.KeyOrObjectEnd:
        case Expect.Key:
          if (code === 0x7d /* } */ && this.expect === Expect.KeyOrObjectEnd) {
            this.close();
          } else if (code === 0x22) {
            this.startString(true);
          } else {
            throw this.unexpected(text, at, offset, 'a property name in double quotes');
          }
          at++;
          break;
        case Expect.Colon:
          if (code !== 0x3a /* : */) throw this.unexpected(text, at, offset, '":"');
          this.expect = Expect.Value;
          at++;
          break;
        case Expect.CommaOrEnd: {
          const top = this.stack[this.stack.length - 1];
          const isArray = Array.isArray(top.container);
          if (code === 0x2c /* , */) {
            this.expect = isArray ? Expect.Value : Expect.Key;
          } else if (code === (isArray ? 0x5d : 0x7d)) {
            this.close();
          } else {
            throw this.unexpected(text, at, offset, isArray ? '"," or "]"' : '"," or "}"');
          }
          at++;
          break;
        }
        case Expect.Nothing:
          throw this.unexpected(text, at, offset, 'nothing after the JSON value');
      }
    }
    this.consumed = offset + length - this.carry.length;
    this.carry += held;
  }

  /**
   * Reads string content from `at`: returns the index after the closing quote, or -1 when the piece ended
   * first, having kept what it read and carried an unfinished escape (and a high surrogate escape before it, so
   * that a pair escaped as `\uD83D\uDE00` is decoded together) to the next piece.
   */
  private readString(text: string, at: number, offset: number): number {
    let quote = text.indexOf('"', at);
    while (quote >= 0 && backslashesBefore(text, quote, at) % 2 === 1) quote = text.indexOf('"', quote + 1);
    if (quote >= 0) {
      this.appendToString(text.slice(at, quote), offset + at);
      this.endString();
      return quote + 1;
    }
    const cut = safeCut(text, at);
    this.appendToString(text.slice(at, cut), offset + at);
    this.carry = text.slice(cut);
    return -1;
  }

  private startString(isKey: boolean): void {
    this.inString = true;
    this.stringIsKey = isKey;
    this.string = '';
  }

  private appendToString(raw: string, position: number): void {
    if (!raw) return;
    // JSON.parse checks the escapes and refuses control characters, at native speed.
    let decoded: string;
    try {
      decoded = JSON.parse(`"${raw}"`) as string;
    } catch {
      throw new JsonSyntaxError('bad escape or control character in a string', position);
    }
    // Keys stay as sent, as a JSON.parse reviver would leave them.
    this.string += !this.stringIsKey && UNSTORABLE_ESCAPE.test(raw) ? storableText(decoded) : decoded;
    // Refused while it grows: a string too long for any field would only be flattened (copied whole, in one
    // step) by the first look at it, and a long key hashed whole, for nothing.
    const max = this.stringIsKey ? this.limits.maxKeyLength : this.limits.maxStringLength;
    if (this.string.length > max) {
      throw new JsonLimitError(
        'string',
        `a ${this.stringIsKey ? 'property name' : 'string'} of more than ${max} characters`,
      );
    }
  }

  private endString(): void {
    this.inString = false;
    const text = this.string;
    this.string = '';
    if (this.stringIsKey) {
      this.stack[this.stack.length - 1].key = text;
      this.expect = Expect.Colon;
    } else {
      this.value(text);
    }
  }

  /** Reads a number or literal from `at`; -1 when it may go on in the next piece (it is carried there). */
  private readScalar(text: string, at: number, offset: number, final: boolean): number {
    SCALAR_RUN.lastIndex = at;
    const run = SCALAR_RUN.exec(text)?.[0];
    if (!run) throw this.unexpected(text, at, offset, 'a JSON value');
    if (run.length > MAX_NUMBER_LENGTH) {
      throw new JsonLimitError('number', `a number of more than ${MAX_NUMBER_LENGTH} characters`);
    }
    const end = at + run.length;
    if (end === text.length && !final) {
      this.carry = run;
      return -1;
    }
    if (run === 'true') this.value(true);
    else if (run === 'false') this.value(false);
    else if (run === 'null') this.value(null);
    else if (NUMBER.test(run)) this.value(Number(run));
    else throw new JsonSyntaxError(`unexpected "${run.slice(0, 20)}"`, offset + at);
    return end;
  }

  private open(container: unknown[] | Record<string, unknown>, position: number): void {
    if (this.stack.length >= this.limits.maxDepth) {
      throw new JsonLimitError(
        'depth',
        `JSON nested deeper than ${this.limits.maxDepth} levels (at position ${position})`,
      );
    }
    this.value(container);
    this.stack.push({ container, key: undefined });
  }

  private close(): void {
    this.stack.pop();
    this.expect = this.stack.length ? Expect.CommaOrEnd : Expect.Nothing;
  }

  private value(value: unknown): void {
    if (++this.values > this.limits.maxValues) {
      throw new JsonLimitError('values', `more than ${this.limits.maxValues} JSON values`);
    }
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      this.root = value;
      this.expect = Expect.Nothing;
      return;
    }
    if (Array.isArray(top.container)) {
      top.container.push(value);
    } else if (top.key === '__proto__') {
      // JSON.parse makes "__proto__" an own property; assigning it would set the prototype instead.
      Object.defineProperty(top.container, '__proto__', {
        value,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    } else {
      top.container[top.key!] = value;
    }
    this.expect = Expect.CommaOrEnd;
  }

  private unexpected(text: string, at: number, offset: number, wanted: string): JsonSyntaxError {
    return new JsonSyntaxError(`unexpected ${JSON.stringify(text[at])}, expected ${wanted}`, offset + at);
  }
}

/** How many backslashes stand right before `index`, not looking before `from`. */
function backslashesBefore(text: string, index: number, from: number): number {
  let count = 0;
  while (index - count - 1 >= from && text.charCodeAt(index - count - 1) === 0x5c) count++;
  return count;
}

/**
 * Where string content that runs to the end of the piece may be cut: before an escape the piece ends inside
 * (a lone backslash, `\u` with fewer than four digits), and before a high surrogate escape that ends it.
 */
function safeCut(text: string, from: number): number {
  let cut = text.length;
  if (backslashesBefore(text, cut, from) % 2 === 1) {
    cut--;
  } else {
    const u = text.lastIndexOf('\\u', cut - 1);
    if (u >= from && u > cut - 6 && backslashesBefore(text, u, from) % 2 === 0) cut = u;
  }
  const high = cut - 6;
  if (
    high >= from &&
    text.charCodeAt(high) === 0x5c &&
    /^u[dD][89abAB][0-9a-fA-F]{2}$/.test(text.slice(high + 1, cut)) &&
    backslashesBefore(text, high, from) % 2 === 0
  ) {
    cut = high;
  }
  return cut;
}
