import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * What a story's articles say about one entity, summed over the articles counted in the story (those whose
 * entities_story_id is the story): kept per article as it is extracted, never re-read from the mentions on the way.
 * Salience and the story's top entities are computed from these when read (see story-entity-ranking.ts). No
 * index covers the counts, so their updates stay HOT; `tier` is indexed but changes only when mentions double.
 */
@Entity('story_entity')
// An entity's stories, read from the index alone (the story list's entity filter, an entity's stories).
@Index('ix_story_entity_entity_story', ['entityId', 'storyId'])
@Index('ix_story_entity_tier', ['storyId', 'tier'])
@Index('ix_story_entity_surname', ['storyId', 'surname'], { where: 'surname IS NOT NULL' })
export class StoryEntity {
  @PrimaryColumn('uuid', { name: 'story_id' })
  storyId!: string;

  @PrimaryColumn('uuid', { name: 'entity_id' })
  entityId!: string;

  @Column('int')
  mentions!: number;

  /** floor(log2(mentions)): reading a story's top tiers bounds the salience of every entity left unread. */
  @Column('smallint')
  tier!: number;

  /** Articles that mention the entity. */
  @Column('int')
  articles!: number;

  /** Articles that have it in their title. */
  @Column('int')
  titles!: number;

  /** Articles that have it in their title or lead. */
  @Column('int')
  leads!: number;

  /** People only: the last word of the name, which joins a surname-only mention to the one full name ending in it. */
  @Column('text', { nullable: true })
  surname!: string | null;

  /** People only: the name has more than one word. */
  @Column('boolean', { name: 'full_name', default: false })
  fullName!: boolean;
}
