import {
  CursorKeyKind,
  decodeCursor,
  decodeOrderedCursor,
  encodeCursor,
  encodeOrderedCursor,
  OrderedCursor,
} from './cursor';

/** The orders `GET /v1/stories` lists in, each descending and each a total order (ties broken by id). */
export const STORY_SORTS = ['updated', 'firstSeen', 'size'] as const;
export type StorySort = (typeof STORY_SORTS)[number];

interface StoryOrder {
  /** The story column the listing is ordered by, then by id; an index on (column, id) serves it. */
  column: string;
  /** How the column reaches a cursor: a time to the microsecond, as stored, or a whole number. */
  kind: CursorKeyKind;
}

const ORDERS: Record<StorySort, StoryOrder> = {
  updated: { column: 'updated_at', kind: 'time' },
  firstSeen: { column: 'first_seen_at', kind: 'time' },
  size: { column: 'article_count', kind: 'count' },
};

/** The column of story `s` a sort orders by, and the SQL that prints it as its cursor writes it. */
export function storyOrder(sort: StorySort): { column: string; cursorKey: string } {
  const { column, kind } = ORDERS[sort];
  // Times to the microsecond, as stored: one transaction stamps every story it touches with the same now(), and a
  // cursor cut to milliseconds would skip those that differ below it.
  const cursorKey =
    kind === 'time' ? `to_char(s.${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` : `s.${column}::text`;
  return { column: `s.${column}`, cursorKey };
}

/**
 * A cursor of the listing in `sort`. The default order keeps the untagged cursor it has always had, so a cursor a
 * client holds from before sorts existed still continues its listing; the others name their order.
 */
export function encodeStoryCursor(sort: StorySort, c: OrderedCursor): string {
  return sort === 'updated' ? encodeCursor({ at: c.key, id: c.id }) : encodeOrderedCursor(sort, c);
}

/** The position a cursor holds in `sort`; null when it is not a cursor of that order. */
export function decodeStoryCursor(sort: StorySort, raw: string): OrderedCursor | null {
  if (sort !== 'updated') return decodeOrderedCursor(raw, sort, ORDERS[sort].kind);
  const c = decodeCursor(raw);
  return c && { key: c.at, id: c.id };
}
