import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An entity's weight in one story: recomputed from the story's articles whenever one is added. */
@Entity('story_entity')
@Index('ix_story_entity_entity', ['entityId'])
export class StoryEntity {
  @PrimaryColumn('uuid', { name: 'story_id' })
  storyId!: string;

  @PrimaryColumn('uuid', { name: 'entity_id' })
  entityId!: string;

  @Column('int')
  mentions!: number;

  @Column('int')
  articles!: number;

  @Column('boolean', { name: 'in_title' })
  inTitle!: boolean;

  @Column('real')
  salience!: number;
}
