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

export function decodeCursor(raw: string): KeysetCursor | null {
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return null;
    if (typeof id !== 'string' || !UUID.test(id)) return null;
    return { at, id };
  } catch {
    return null;
  }
}

/** Opaque cursor of a listing in arrival order: the seq of the last row served. */
export function encodeSeqCursor(seq: string): string {
  return Buffer.from(JSON.stringify([seq])).toString('base64url');
}

export function decodeSeqCursor(raw: string): string | null {
  try {
    const [seq] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [unknown];
    return typeof seq === 'string' && /^\d{1,19}$/.test(seq) ? seq : null;
  } catch {
    return null;
  }
}
