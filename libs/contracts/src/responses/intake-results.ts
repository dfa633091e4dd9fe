import { z } from 'zod';
import { ArticleStatus } from '../article-status';
import { Problem } from './problem';

export const ArticleAccepted = z
  .object({
    id: z.uuid(),
    status: z
      .enum(ArticleStatus)
      .describe('received for a new article (fetching for a url alone); where it is for one already known'),
    duplicate: z.boolean().describe('true when the article was already known (same source and externalId, or key)'),
    location: z.string().describe('the article on the query service'),
  })
  .meta({ id: 'ArticleAccepted', description: 'an article accepted, or found already known' });

export const ArticleBatchResults = z
  .object({
    results: z.array(
      z.union([
        ArticleAccepted.extend({ index: z.number().int() }),
        z.object({ index: z.number().int(), error: Problem }),
      ]),
    ),
  })
  .meta({ id: 'ArticleBatchResults', description: "each item's outcome, in the batch's order" });

export const ArticleRetried = z
  .object({
    id: z.uuid(),
    status: z
      .enum([ArticleStatus.Received, ArticleStatus.Fetching])
      .describe('received; fetching for an article whose page could not be fetched: it is fetched again'),
    revision: z.number().int().describe('the new revision the stages run'),
    location: z.string().describe('the article on the query service'),
  })
  .meta({ id: 'ArticleRetried', description: 'a failed article back in received (or fetching), queued again' });
