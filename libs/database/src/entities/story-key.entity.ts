import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Inverted index from a story's strongest terms and entity keys to the story: candidate stories for a new
 * article are found by its own keys, so the cost does not grow with the number of stories.
 */
@Entity('story_key')
@Index('ix_story_key_story', ['storyId'])
// Candidate lookup reads the most recently active stories of a key first, and only a bounded number of them.
@Index('ix_story_key_recent', ['key', 'lastSeenAt'])
export class StoryKey {
  @PrimaryColumn('text')
  key!: string;

  @PrimaryColumn('uuid', { name: 'story_id' })
  storyId!: string;

  @Column('timestamptz', { name: 'last_seen_at' })
  lastSeenAt!: Date;
}
