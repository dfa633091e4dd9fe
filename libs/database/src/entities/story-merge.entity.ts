import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A record that two stories turned out to be one, and which article showed it. */
@Entity('story_merge')
// A story's page lists the stories merged into it.
@Index('ix_story_merge_into', ['intoStoryId', 'createdAt'])
export class StoryMerge {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'merged_story_id' })
  mergedStoryId!: string;

  @Column('uuid', { name: 'into_story_id' })
  intoStoryId!: string;

  @Column('uuid', { name: 'article_id', nullable: true })
  articleId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
