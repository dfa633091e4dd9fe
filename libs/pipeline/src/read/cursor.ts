/** An opaque cursor that does not decode: the caller answers 400. */
export const INVALID_CURSOR = Symbol('invalid cursor');

/**
 * Opaque keyset cursor of a listing ordered by (time, id): the time, to the microsecond, and id of the last row
 * served. Keyset, not offset, so pages stay stable while rows keep arriving and changing underneath.
 */
export interface KeysetCursor {
  at: string;
  id: string;
}

export function encodeCursor(c: KeysetCursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The shape the readers write (`to_char(… 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`). */
const CURSOR_TIME = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * Whether Postgres takes `at` as the timestamp it says. Date.parse alone is not enough: it takes "1" and
 * February 30, which Postgres refuses with an error, and a client's edited cursor must be a 400, not a 500.
 */
function isCursorTime(at: string): boolean {
  const shape = CURSOR_TIME.exec(at);
  if (!shape || Number(shape[1]) < 1) return false;
  const parsed = new Date(at);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 19) === at.slice(0, 19);
}

export function decodeCursor(raw: string): KeysetCursor | null {
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at !== 'string' || !isCursorTime(at)) return null;
    if (typeof id !== 'string' || !UUID.test(id)) return null;
    return { at, id };
  } catch {
    return null;
  }
}

/**
 * Opaque cursor of a listing in another order than its default, tagged with that order (`key`: a time as the
 * readers write it, or a whole number): a cursor of one order sent with another is refused, never read as a
 * position it is not.
 */
export interface OrderedCursor {
  key: string;
  id: string;
}

/** What a key of each kind looks like; a count is an int, so Postgres never answers a cursor with an error. */
const CURSOR_KEYS = {
  time: isCursorTime,
  count: (key: string) => /^[0-9]{1,9}$/.test(key),
} as const;

export type CursorKeyKind = keyof typeof CURSOR_KEYS;

export function encodeOrderedCursor(order: string, c: OrderedCursor): string {
  return Buffer.from(JSON.stringify([order, c.key, c.id])).toString('base64url');
}

export function decodeOrderedCursor(raw: string, order: string, kind: CursorKeyKind): OrderedCursor | null {
  try {
    const [tag, key, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [unknown, unknown, unknown];
    if (tag !== order || typeof key !== 'string' || !CURSOR_KEYS[kind](key)) return null;
    if (typeof id !== 'string' || !UUID.test(id)) return null;
    return { key, id };
  } catch {
    return null;
  }
}

/** Opaque cursor of a listing in arrival order: the seq of the last row served. */
export function encodeSeqCursor(seq: string): string {
  return Buffer.from(JSON.stringify([seq])).toString('base64url');
}

/** The largest bigint: a longer seq would reach Postgres as an out-of-range error, a 500 for a client's typo. */
const MAX_SEQ = 9223372036854775807n;

export function decodeSeqCursor(raw: string): string | null {
  try {
    const [seq] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [unknown];
    return typeof seq === 'string' && /^\d{1,19}$/.test(seq) && BigInt(seq) <= MAX_SEQ ? seq : null;
  } catch {
    return null;
  }
}

/**
 * Opaque cursor of a ranked listing, ordered by (rank descending, id descending): the rank of the last row as
 * Postgres printed it (a real, shortest exact form, so it compares equal when sent back) and its id.
 */
export interface RankCursor {
  rank: string;
  id: string;
}

export function encodeRankCursor(c: RankCursor): string {
  return Buffer.from(JSON.stringify(['r', c.rank, c.id])).toString('base64url');
}

const RANK = /^[0-9]{1,20}(\.[0-9]{1,20})?(e-?[0-9]{1,3})?$/;

export function decodeRankCursor(raw: string): RankCursor | null {
  try {
    const [tag, rank, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [unknown, unknown, unknown];
    if (tag !== 'r' || typeof rank !== 'string' || !RANK.test(rank) || !Number.isFinite(Number(rank))) return null;
    if (typeof id !== 'string' || !UUID.test(id)) return null;
    return { rank, id };
  } catch {
    return null;
  }
}
