import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A story: the articles about one event. `version` grows with every change a subscriber is told about. */
@Entity('story')
@Index('ix_story_updated_at_id', ['updatedAt', 'id'])
// The story list's other orders (sort=firstSeen, sort=size), each with its ties broken by id.
@Index('ix_story_first_seen_at_id', ['firstSeenAt', 'id'])
@Index('ix_story_article_count_id', ['articleCount', 'id'])
// GIN over sources, for the list's source filter: created by the migration StoryListFilters.
@Index('ix_story_sources', { synchronize: false })
export class Story {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { nullable: true })
  title!: string | null;

  /**
   * Whether the title is a headline one of its articles was given (not one made from an untitled article's text): a
   * given headline wins over a made one when the story is retitled, known without reading the story's articles.
   */
  @Column('boolean', { name: 'title_declared', default: false })
  titleDeclared!: boolean;

  @Column('int', { default: 0 })
  version!: number;

  @Column('int', { name: 'article_count', default: 0 })
  articleCount!: number;

  @Column('timestamptz', { name: 'first_seen_at' })
  firstSeenAt!: Date;

  @Index('ix_story_last_seen_at')
  @Column('timestamptz', { name: 'last_seen_at' })
  lastSeenAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Newest-updated-first listing and its cursor rely on (updated_at, id). */
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;

  /** Set when this story was merged into another; the API redirects to that one. */
  @Column('uuid', { name: 'merged_into_id', nullable: true })
  mergedIntoId!: string | null;

  /** The clustering profile (weighted terms, entity keys, title terms): what new articles are scored against. */
  @Column('jsonb')
  profile!: Record<string, unknown>;

  /**
   * Grows with every write of `profile` (a trigger moves it on; see the StoryProfileVersion migration): what a story
   * decision checks to know that a story it read unlocked has not changed since, and what the dedupe process caches
   * profiles under. Writes of the other columns (the entities stage's version and counts) leave it alone.
   */
  @Column('int', { name: 'profile_version', default: 0 })
  profileVersion!: number;

  @Column('text', { array: true, default: () => "'{}'" })
  sources!: string[];

  /** Articles counted in the story's entity aggregates (story_entity) that have mentions: salience's shares. */
  @Column('int', { name: 'entity_articles', default: 0 })
  entityArticles!: number;
}
