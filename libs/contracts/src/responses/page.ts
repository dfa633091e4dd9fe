import { z } from 'zod';

/**
 * A time as the services write it: JSON of a Postgres timestamptz, `2031-03-03T10:00:00.000Z` (or with an offset,
 * where Postgres renders it inside JSON, as in delivery attempts).
 */
export const Timestamp = z.iso.datetime({ offset: true });

/** One page of a keyset listing: `nextCursor` is null on the last page, else what to send as `cursor`. */
export const page = <T extends z.ZodType>(item: T, id: string, description: string) =>
  z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().describe('send as cursor for the next page; null on the last'),
    })
    .meta({ id, description });

/** A listing returned whole (small by nature, or bounded by `limit` alone). */
export const itemList = <T extends z.ZodType>(item: T, id: string, description: string) =>
  z.object({ items: z.array(item) }).meta({ id, description });
