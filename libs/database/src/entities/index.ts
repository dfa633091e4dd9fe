import { ApiKey } from './api-key.entity';
import { Article } from './article.entity';
import { ArticleFingerprint } from './article-fingerprint.entity';
import { EntityAlias } from './entity-alias.entity';
import { EntityMention } from './entity-mention.entity';
import { NamedEntity } from './entity.entity';
import { Feed } from './feed.entity';
import { PageFetch } from './page-fetch.entity';
import { LshBand } from './lsh-band.entity';
import { Story } from './story.entity';
import { StoryEntity } from './story-entity.entity';
import { StoryEvent } from './story-event.entity';
import { StoryHeadline } from './story-headline.entity';
import { StoryKey } from './story-key.entity';
import { StoryMember } from './story-member.entity';
import { StoryMerge } from './story-merge.entity';
import { SyndicationLink } from './syndication-link.entity';
import { TermStatistic } from './term-statistic.entity';
import { WebhookAttempt } from './webhook-attempt.entity';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookSubscription } from './webhook-subscription.entity';

export {
  ApiKey,
  Article,
  ArticleFingerprint,
  EntityAlias,
  EntityMention,
  Feed,
  NamedEntity,
  LshBand,
  PageFetch,
  Story,
  StoryEntity,
  StoryEvent,
  StoryHeadline,
  StoryKey,
  StoryMember,
  StoryMerge,
  SyndicationLink,
  TermStatistic,
  WebhookAttempt,
  WebhookDelivery,
  WebhookSubscription,
};
export type { EntityType } from './entity.entity';
export type { SubscriptionSecret, SubscriptionStatus } from './webhook-subscription.entity';
export type { DeliveryStatus } from './webhook-delivery.entity';

export const ENTITIES = [
  ApiKey,
  Article,
  ArticleFingerprint,
  EntityAlias,
  EntityMention,
  Feed,
  NamedEntity,
  LshBand,
  PageFetch,
  Story,
  StoryEntity,
  StoryEvent,
  StoryHeadline,
  StoryKey,
  StoryMember,
  StoryMerge,
  SyndicationLink,
  TermStatistic,
  WebhookAttempt,
  WebhookDelivery,
  WebhookSubscription,
];
