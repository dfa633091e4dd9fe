import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { ArticleStatus } from '@storyline/contracts';

/**
 * One article as received and as each stage left it. The raw input is kept exactly as sent (raw_text /
 * raw_html) so an article can be re-normalized whenever the rules change; `revision` counts those re-runs.
 */
@Entity('article')
// The entities stage's bookkeeping (see entities_story_id): only articles whose mentions are not counted in their
// own story are indexed, so finding them is cheap however large the story.
@Index('ix_article_unfiled', ['storyId'], { where: "status = 'done' AND entities_story_id IS DISTINCT FROM story_id" })
@Index('ix_article_filed_elsewhere', ['entitiesStoryId'], { where: 'entities_story_id <> story_id' })
// A story's done articles in the order its events list them, (story_id, coalesce(published_at, received_at), id):
// an expression index TypeORM cannot describe; created by the migration, left alone by the drift check.
@Index('ix_article_story_done', { synchronize: false })
// GIN over search_vector, created by the migration ArticleSearchVector.
@Index('ix_article_search_vector', { synchronize: false })
// The story list's language filter: a language's done articles and their stories.
@Index('ix_article_done_language', ['language', 'storyId'], { where: "status = 'done'" })
export class Article {
  @PrimaryColumn('uuid')
  id!: string;

  /** JSON `[source, externalId]`: the crawler's own identity for the article, unique when given. */
  @Index('uq_article_external_key', { unique: true })
  @Column('text', { name: 'external_key', nullable: true })
  externalKey!: string | null;

  @Index('uq_article_idempotency_key', { unique: true })
  @Column('text', { name: 'idempotency_key', nullable: true })
  idempotencyKey!: string | null;

  @Column('text', { name: 'external_id', nullable: true })
  externalId!: string | null;

  @Column('text', { nullable: true })
  source!: string | null;

  @Column('text', { nullable: true })
  url!: string | null;

  @Column('text', { name: 'content_type' })
  contentType!: string;

  @Column('text', { name: 'raw_title', nullable: true })
  rawTitle!: string | null;

  @Column('text', { name: 'raw_text', nullable: true })
  rawText!: string | null;

  @Column('text', { name: 'raw_html', nullable: true })
  rawHtml!: string | null;

  @Column('text', { name: 'published_at_input', nullable: true })
  publishedAtInput!: string | null;

  @Column('text', { name: 'language_input', nullable: true })
  languageInput!: string | null;

  /**
   * Arrival order, assigned by the database at intake (a batch keeps its item order). Story assignment follows
   * it, so the grouping does not depend on how many dedupe workers run or which finishes first.
   */
  @Index('uq_article_seq', { unique: true })
  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS' })
  seq!: string;

  @Index('ix_article_received_at')
  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column('int', { default: 0 })
  revision!: number;

  @Index('ix_article_status')
  @Column('text', { default: ArticleStatus.Received })
  status!: ArticleStatus;

  @Column('text', { nullable: true })
  error!: string | null;

  @Column('text', { name: 'failed_stage', nullable: true })
  failedStage!: string | null;

  @Column('timestamptz', { name: 'normalized_at', nullable: true })
  normalizedAt!: Date | null;

  @Column('timestamptz', { name: 'clustered_at', nullable: true })
  clusteredAt!: Date | null;

  @Column('timestamptz', { name: 'entities_at', nullable: true })
  entitiesAt!: Date | null;

  @Column('timestamptz', { name: 'done_at', nullable: true })
  doneAt!: Date | null;

  @Column('timestamptz', { name: 'failed_at', nullable: true })
  failedAt!: Date | null;

  // ---- written by normalize ----
  @Column('text', { nullable: true })
  title!: string | null;

  @Column('text', { nullable: true })
  text!: string | null;

  @Column('jsonb', { nullable: true })
  sections!: unknown[] | null;

  @Column('int', { name: 'word_count', nullable: true })
  wordCount!: number | null;

  @Column('text', { nullable: true })
  language!: string | null;

  @Column('real', { name: 'language_confidence', nullable: true })
  languageConfidence!: number | null;

  @Index('ix_article_content_hash')
  @Column('text', { name: 'content_hash', nullable: true })
  contentHash!: string | null;

  @Column('jsonb', { nullable: true })
  metadata!: Record<string, unknown> | null;

  @Column('jsonb', { name: 'normalization_report', nullable: true })
  normalizationReport!: Record<string, unknown> | null;

  @Column('text', { name: 'normalizer_version', nullable: true })
  normalizerVersion!: string | null;

  /** Best known publication time (metadata > dateline > text > receive time); drives story windows. */
  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt!: Date | null;

  /**
   * Full-text search vector: title 'A', body (its first 100,000 characters) 'B', in the text-search configuration
   * of `language` (`article_search_config`, 'simple' when unknown). Generated by Postgres from title, text and
   * language (migration ArticleSearchVector), never written; not selected by default.
   */
  @Column({
    type: 'tsvector',
    name: 'search_vector',
    nullable: true,
    select: false,
    insert: false,
    update: false,
    generatedType: 'STORED',
    asExpression:
      "setweight(to_tsvector(article_search_config(language), coalesce(title, '')), 'A') || " +
      "setweight(to_tsvector(article_search_config(language), left(coalesce(text, ''), 100000)), 'B')",
  })
  searchVector!: string | null;

  // ---- written by dedupe ----
  @Index('ix_article_story_id')
  @Column('uuid', { name: 'story_id', nullable: true })
  storyId!: string | null;

  /** Set when this article is a syndicated copy: the most complete version of its group. */
  @Index('ix_article_canonical_id')
  @Column('uuid', { name: 'canonical_id', nullable: true })
  canonicalId!: string | null;

  /** Why the article joined or founded its story: candidates considered, their scores, the decision. */
  @Column('jsonb', { name: 'story_decision', nullable: true })
  storyDecision!: Record<string, unknown> | null;

  // ---- written by entities ----
  /**
   * The story whose entity aggregates (story_entity) count this article's mentions; null: none. It differs from
   * story_id after dedupe moved the article or merged its story, until the article is refiled.
   */
  @Column('uuid', { name: 'entities_story_id', nullable: true })
  entitiesStoryId!: string | null;
}
