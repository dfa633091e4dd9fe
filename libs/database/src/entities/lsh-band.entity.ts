import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Locality-sensitive hashing buckets: an article is a candidate copy of another when they share a band key.
 * Looking up a few keys costs the same whatever the corpus size, unlike comparing against every article.
 */
@Entity('lsh_band')
@Index('ix_lsh_band_article', ['articleId'])
// A popular bucket (boilerplate shared by many articles) is read newest-first and capped, so a lookup costs
// the same at a thousand articles as at a million.
@Index('ix_lsh_band_recent', ['bandKey', 'articleSeq'])
export class LshBand {
  @PrimaryColumn('text', { name: 'band_key' })
  bandKey!: string;

  @PrimaryColumn('uuid', { name: 'article_id' })
  articleId!: string;

  /** The article's arrival order (article.seq). */
  @Column('bigint', { name: 'article_seq' })
  articleSeq!: string;
}
