import { Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Locality-sensitive hashing buckets: an article is a candidate copy of another when they share a band key.
 * Looking up a few keys costs the same whatever the corpus size, unlike comparing against every article.
 */
@Entity('lsh_band')
@Index('ix_lsh_band_article', ['articleId'])
export class LshBand {
  @PrimaryColumn('text', { name: 'band_key' })
  bandKey!: string;

  @PrimaryColumn('uuid', { name: 'article_id' })
  articleId!: string;
}
