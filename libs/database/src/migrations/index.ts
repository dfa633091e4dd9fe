import { Initial1795242089172 } from './1795242089172-Initial';
import { StoryMember1795251258955 } from './1795251258955-StoryMember';
import { StoryMemberCanonical1795253215028 } from './1795253215028-StoryMemberCanonical';
import { StoryHeadline1795259282079 } from './1795259282079-StoryHeadline';
import { DeliveryAndMergeIndexes1795270645962 } from './1795270645962-DeliveryAndMergeIndexes';
import { StoryEntityAggregates1795283712406 } from './1795283712406-StoryEntityAggregates';
import { ApiKey1796670968125 } from './1796670968125-ApiKey';
import { ArticleTextLz41796654492570 } from './1796654492570-ArticleTextLz4';
import { LshBandHashed1796662935687 } from './1796662935687-LshBandHashed';
import { ArticleStoryDoneOrder1796663495015 } from './1796663495015-ArticleStoryDoneOrder';
import { StoryProfileVersion1796671584030 } from './1796671584030-StoryProfileVersion';
import { UpdateHeadroom1796683409866 } from './1796683409866-UpdateHeadroom';
import { ArticleSearchVector1796684370083 } from './1796684370083-ArticleSearchVector';
import { StoryEventStreamOrder1796684371846 } from './1796684371846-StoryEventStreamOrder';
import { PageFetch1796700000000 } from './1796700000000-PageFetch';
import { Feed1796700000001 } from './1796700000001-Feed';
import { StoryListOrders1796710000000 } from './1796710000000-StoryListOrders';
import { StoryListFilters1796710000001 } from './1796710000001-StoryListFilters';
import { StoryEntityByEntity1796720000000 } from './1796720000000-StoryEntityByEntity';
import { StoryTitleDeclared1796730000000 } from './1796730000000-StoryTitleDeclared';

// Migrations in the order they apply. New ones come from `npm run migration:generate -- <Name>`.
export const MIGRATIONS = [
  Initial1795242089172,
  StoryMember1795251258955,
  StoryMemberCanonical1795253215028,
  StoryHeadline1795259282079,
  DeliveryAndMergeIndexes1795270645962,
  StoryEntityAggregates1795283712406,
  ArticleTextLz41796654492570,
  LshBandHashed1796662935687,
  ArticleStoryDoneOrder1796663495015,
  ApiKey1796670968125,
  StoryProfileVersion1796671584030,
  UpdateHeadroom1796683409866,
  ArticleSearchVector1796684370083,
  StoryEventStreamOrder1796684371846,
  PageFetch1796700000000,
  Feed1796700000001,
  StoryListOrders1796710000000,
  StoryListFilters1796710000001,
  StoryEntityByEntity1796720000000,
  StoryTitleDeclared1796730000000,
];
