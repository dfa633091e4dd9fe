import { z } from 'zod';
import { FEED_KINDS, FEED_STATUSES } from '../feed-input';
import { itemList, Timestamp } from './page';

export const Feed = z
  .object({
    id: z.uuid(),
    url: z.string().describe('canonicalized: tracking parameters and fragment dropped'),
    kind: z
      .enum(FEED_KINDS)
      .nullable()
      .describe('as declared, else as read from the document; null until an undeclared feed is first read'),
    source: z.string().nullable().describe("the source name of the feed's articles"),
    pollEvery: z.string().describe('the interval between polls, e.g. 15m'),
    status: z.enum(FEED_STATUSES),
    nextPollAt: Timestamp.nullable().describe('null while paused'),
    lastPolledAt: Timestamp.nullable(),
    lastHttpStatus: z.number().int().nullable().describe('304: the feed had not changed'),
    lastError: z.string().nullable().describe("the last poll's failure; null once a poll succeeds"),
    itemsSeen: z.number().int().describe('items read in the documents, every poll counted'),
    itemsIngested: z.number().int().describe('items that became articles: new to Storyline when seen'),
    consecutiveErrors: z.number().int().describe('failed polls in a row; each doubles the wait before the next'),
    createdAt: Timestamp,
  })
  .meta({ id: 'Feed', description: 'a feed or sitemap Storyline polls, with what its polls found' });

export const FeedList = itemList(Feed, 'FeedList', 'every feed, oldest first');
