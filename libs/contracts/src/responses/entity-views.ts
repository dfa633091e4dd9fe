import { z } from 'zod';
import { itemList, Timestamp } from './page';

const entityType = z.enum(['PERSON', 'ORGANIZATION', 'LOCATION']);

export const EntityMatch = z
  .object({
    id: z.uuid(),
    name: z.string(),
    type: entityType,
    mentions: z.number().int(),
    aliases: z.array(z.string()).describe('most used first'),
    score: z.number().describe('trigram similarity of the best alias; 1 for a spelling variant'),
  })
  .meta({ id: 'EntityMatch', description: 'an entity found by one of its aliases' });

export const EntityMatchList = itemList(EntityMatch, 'EntityMatchList', 'entities, best match first');

export const EntityDetail = z
  .object({
    id: z.uuid(),
    key: z.string().describe('type and folded name: what makes spellings of one entity one'),
    name: z.string(),
    type: entityType,
    mentions: z.number().int(),
    aliases: z.array(z.object({ alias: z.string(), count: z.number().int() })),
    recentStories: z
      .array(
        z.object({
          id: z.uuid(),
          title: z.string().nullable(),
          updatedAt: Timestamp,
          articleCount: z.number().int(),
          salience: z.number(),
          mentions: z.number().int(),
        }),
      )
      .describe('the 20 last updated'),
  })
  .meta({ id: 'EntityDetail', description: 'an entity with its aliases and recent stories' });
