/**
 * Opaque keyset cursor for newest-updated-first listings: (updated_at, to the microsecond, and id) of the last
 * row served. Keyset, not offset, so pages stay stable while stories keep changing underneath.
 */
export interface StoryCursor {
  updatedAt: string;
  id: string;
}

export function encodeCursor(c: StoryCursor): string {
  return Buffer.from(JSON.stringify([c.updatedAt, c.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeCursor(raw: string): StoryCursor | null {
  try {
    const [updatedAt, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof updatedAt !== 'string' || Number.isNaN(Date.parse(updatedAt))) return null;
    if (typeof id !== 'string' || !UUID.test(id)) return null;
    return { updatedAt, id };
  } catch {
    return null;
  }
}
