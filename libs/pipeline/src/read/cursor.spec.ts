import {
  decodeCursor,
  decodeOrderedCursor,
  decodeRankCursor,
  decodeSeqCursor,
  encodeCursor,
  encodeOrderedCursor,
  encodeRankCursor,
  encodeSeqCursor,
} from './cursor';

describe('keyset cursor', () => {
  it('round-trips', () => {
    const c = { at: '2026-01-02T03:04:05.678912Z', id: '0b9c3f0e-8a57-4c1e-9d7a-5c0f3a1b2c3d' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });

  it('rejects anything else', () => {
    expect(decodeCursor('not-a-cursor')).toBeNull();
    expect(decodeCursor(Buffer.from('["x","y"]').toString('base64url'))).toBeNull();
    expect(decodeCursor(encodeCursor({ at: '2026-01-02T03:04:05Z', id: '-'.repeat(36) }))).toBeNull();
  });

  it('rejects times Postgres would refuse, which JavaScript takes', () => {
    const id = '0b9c3f0e-8a57-4c1e-9d7a-5c0f3a1b2c3d';
    for (const at of ['1', '2026-02-30T00:00:00.000000Z', '0000-01-01T00:00:00.000000Z', '2026-01-02T03:04:05Z']) {
      expect(decodeCursor(encodeCursor({ at, id }))).toBeNull();
    }
  });
});

describe('arrival-order cursor', () => {
  it('round-trips a seq and rejects anything else', () => {
    expect(decodeSeqCursor(encodeSeqCursor('9007199254740993'))).toBe('9007199254740993');
    expect(decodeSeqCursor(Buffer.from('["12a"]').toString('base64url'))).toBeNull();
    expect(decodeSeqCursor('nope')).toBeNull();
    expect(decodeSeqCursor(encodeSeqCursor('9223372036854775807'))).toBe('9223372036854775807');
    expect(decodeSeqCursor(encodeSeqCursor('9223372036854775808'))).toBeNull();
  });
});

describe('rank cursor', () => {
  it('round-trips a rank as Postgres prints it and rejects anything else', () => {
    const id = '0b9c3f0e-8a57-4c1e-9d7a-5c0f3a1b2c3d';
    for (const rank of ['0.1', '1.2345678', '3e-05', '12']) {
      expect(decodeRankCursor(encodeRankCursor({ rank, id }))).toEqual({ rank, id });
    }
    for (const rank of ['-1', 'NaN', 'Infinity', '0x10', '1;DROP', '']) {
      expect(decodeRankCursor(encodeRankCursor({ rank, id }))).toBeNull();
    }
    expect(decodeRankCursor(encodeCursor({ at: '2026-01-02T03:04:05.678912Z', id }))).toBeNull();
    expect(decodeRankCursor('nope')).toBeNull();
  });
});

describe('ordered cursor', () => {
  const id = '0b9c3f0e-8a57-4c1e-9d7a-5c0f3a1b2c3d';

  it('round-trips a time or a count under its order', () => {
    const time = { key: '2026-01-02T03:04:05.678912Z', id };
    expect(decodeOrderedCursor(encodeOrderedCursor('firstSeen', time), 'firstSeen', 'time')).toEqual(time);
    expect(decodeOrderedCursor(encodeOrderedCursor('size', { key: '42', id }), 'size', 'count')).toEqual({
      key: '42',
      id,
    });
  });

  it("refuses another order's cursor, and keys Postgres would refuse", () => {
    const size = encodeOrderedCursor('size', { key: '42', id });
    expect(decodeOrderedCursor(size, 'firstSeen', 'count')).toBeNull();
    expect(decodeCursor(size)).toBeNull();
    expect(decodeOrderedCursor(encodeCursor({ at: '2026-01-02T03:04:05.678912Z', id }), 'size', 'count')).toBeNull();
    for (const key of ['-1', '1e3', '4294967296', '']) {
      expect(decodeOrderedCursor(encodeOrderedCursor('size', { key, id }), 'size', 'count')).toBeNull();
    }
    const feb30 = encodeOrderedCursor('firstSeen', { key: '2026-02-30T00:00:00.000000Z', id });
    expect(decodeOrderedCursor(feb30, 'firstSeen', 'time')).toBeNull();
    expect(decodeOrderedCursor('nope', 'size', 'count')).toBeNull();
  });
});
