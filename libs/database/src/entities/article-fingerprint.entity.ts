import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The MinHash signature and shingle summary of an article, read back when a later article is verified against it. */
@Entity('article_fingerprint')
export class ArticleFingerprint {
  @PrimaryColumn('uuid', { name: 'article_id' })
  articleId!: string;

  @Column('jsonb')
  fingerprint!: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
