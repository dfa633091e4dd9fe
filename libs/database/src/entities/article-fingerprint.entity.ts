import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * What syndication detection keeps per article: the MinHash signatures and shingles (serialized), the
 * content hash for exact copies, and the canonical article of the article's syndication group.
 */
@Entity('article_fingerprint')
export class ArticleFingerprint {
  @PrimaryColumn('uuid', { name: 'article_id' })
  articleId!: string;

  @Index('ix_article_fingerprint_content_hash')
  @Column('text', { name: 'content_hash' })
  contentHash!: string;

  /** The group's most complete version; equal to article_id for a canonical article. */
  @Index('ix_article_fingerprint_canonical')
  @Column('uuid', { name: 'canonical_id' })
  canonicalId!: string;

  @Column('jsonb')
  fingerprint!: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
