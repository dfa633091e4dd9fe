import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { FeedKind, FeedStatus } from '@storyline/contracts';

/**
 * A feed or sitemap Storyline polls for articles, with what its last polls found: the operator's view of its
 * health (`GET /v1/feeds`, `cli feeds`) and the validators and schedule of its next poll.
 */
@Entity('feed')
// The scheduler's question, "which active feeds are due", answered from the index alone.
@Index('ix_feed_due', ['nextPollAt'], { where: "status = 'active'" })
export class Feed {
  @PrimaryColumn('uuid')
  id!: string;

  /** The feed's URL in canonical form: one feed per URL. */
  @Index('ux_feed_url', { unique: true })
  @Column('text')
  url!: string;

  /** As the operator declared it; null: read from the document (see detectedKind). */
  @Column('text', { nullable: true })
  kind!: FeedKind | null;

  @Column('text', { name: 'detected_kind', nullable: true })
  detectedKind!: FeedKind | null;

  @Column('text', { nullable: true })
  source!: string | null;

  @Column('int', { name: 'poll_every_s' })
  pollEverySeconds!: number;

  @Column('text', { default: 'active' })
  status!: FeedStatus;

  @Column('timestamptz', { name: 'next_poll_at' })
  nextPollAt!: Date;

  @Column('timestamptz', { name: 'last_polled_at', nullable: true })
  lastPolledAt!: Date | null;

  @Column('int', { name: 'last_http_status', nullable: true })
  lastHttpStatus!: number | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  /** Validators of the last full answer, sent back for a conditional GET. */
  @Column('text', { nullable: true })
  etag!: string | null;

  @Column('text', { name: 'last_modified', nullable: true })
  lastModified!: string | null;

  /** Items read in the feed's documents, every poll counted (a feed repeating an item counts it again). */
  @Column('bigint', { name: 'items_seen', default: 0 })
  itemsSeen!: string;

  /** Items that became articles: new to Storyline when seen. */
  @Column('bigint', { name: 'items_ingested', default: 0 })
  itemsIngested!: string;

  @Column('int', { name: 'consecutive_errors', default: 0 })
  consecutiveErrors!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
