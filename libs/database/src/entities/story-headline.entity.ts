import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ArticleVectors } from './story-member.entity';

/**
 * A headline-only article's weighted vectors, in its story. Headlines are not re-clustered with a story's
 * members (a few words are too short for local scaling); they are kept so that when a re-clustering splits
 * their story, each follows the part of it it is closest to. `story_id` follows the article's.
 */
@Entity('story_headline')
// A split reads the story's most recent headlines, a bounded number of them.
@Index('ix_story_headline_recent', ['storyId', 'time', 'articleId'])
export class StoryHeadline {
  @PrimaryColumn('uuid', { name: 'article_id' })
  articleId!: string;

  @Column('uuid', { name: 'story_id' })
  storyId!: string;

  @Column('text', { nullable: true })
  title!: string | null;

  @Column('timestamptz')
  time!: Date;

  @Column('jsonb')
  vectors!: ArticleVectors;
}
