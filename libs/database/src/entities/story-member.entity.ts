import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An article's unit vectors as [key, weight] pairs, as story members and headlines store them. */
export interface ArticleVectors {
  terms: Array<[string, number]>;
  entities: Array<[string, number]>;
  titleTerms: Array<[string, number]>;
}

/**
 * A full-text article's weighted vectors and nearest neighbours, as a member of its story: what the dedupe
 * stage re-clusters a story's recent articles from when a new article arrives. `story_id` follows the
 * article's (moves and merges update both in one transaction).
 */
@Entity('story_member')
// Re-clustering reads each candidate story's most recent members, a bounded number of them.
@Index('ix_story_member_recent', ['storyId', 'time', 'articleId'])
// A member that moves takes its syndicated copies along.
@Index('ix_story_member_canonical', ['canonicalId'], { where: 'canonical_id IS NOT NULL' })
export class StoryMember {
  @PrimaryColumn('uuid', { name: 'article_id' })
  articleId!: string;

  @Column('uuid', { name: 'story_id' })
  storyId!: string;

  /** Set for a syndicated copy: the canonical article, whose story it always shares. */
  @Column('uuid', { name: 'canonical_id', nullable: true })
  canonicalId!: string | null;

  @Column('text', { nullable: true })
  title!: string | null;

  @Column('timestamptz')
  time!: Date;

  @Column('jsonb')
  vectors!: ArticleVectors;

  /** The article's most similar articles met so far, [article id, similarity], most similar first. */
  @Column('jsonb')
  neighbours!: Array<[string, number]>;
}
