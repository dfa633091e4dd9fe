import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { FetchOutcome } from '@storyline/contracts';

/**
 * The page behind an article that came as a URL: which URL it is known by, where fetching it led and what came
 * of it. `url_key` (the canonical form of the URL asked for) and `canonical_url` (the one the page declares) are
 * unique, so one page becomes at most one article however many workers, feeds and restarts ask for it.
 */
@Entity('page_fetch')
export class PageFetch {
  @PrimaryColumn('uuid', { name: 'article_id' })
  articleId!: string;

  @Index('ux_page_fetch_url_key', { unique: true })
  @Column('text', { name: 'url_key' })
  urlKey!: string;

  /** The URL exactly as it was given. */
  @Column('text', { name: 'requested_url' })
  requestedUrl!: string;

  /** The URL that answered, after redirects. */
  @Column('text', { name: 'final_url', nullable: true })
  finalUrl!: string | null;

  @Index('ux_page_fetch_canonical_url', { unique: true })
  @Column('text', { name: 'canonical_url', nullable: true })
  canonicalUrl!: string | null;

  @Column('text', { default: FetchOutcome.Pending })
  outcome!: FetchOutcome;

  @Column('int', { name: 'http_status', nullable: true })
  httpStatus!: number | null;

  @Column('text', { nullable: true })
  reason!: string | null;

  /** Tries made so far, each a fetch that went out or was refused before it could. */
  @Column('int', { default: 0 })
  attempts!: number;

  @CreateDateColumn({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column('timestamptz', { name: 'fetched_at', nullable: true })
  fetchedAt!: Date | null;
}
