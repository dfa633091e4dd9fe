import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Locality-sensitive hashing buckets: an article is a candidate copy of another when they share a band. Looking
 * up a few bands costs the same whatever the corpus size, unlike comparing against every article.
 *
 * A band is stored as the 64-bit hash of its key (`hashtextextended(key, 0)`) and the only index is the primary
 * key, (band, article_seq): every story decision inserts ~100 rows, so each index, a text-keyed one most, is paid
 * for a hundred times per article. Two keys sharing a hash only add a candidate, which the fingerprint comparison
 * then turns down.
 */
@Entity('lsh_band')
export class LshBand {
  @PrimaryColumn('bigint', { name: 'band' })
  band!: string;

  /**
   * The article's arrival order (article.seq). A popular bucket (boilerplate shared by many articles) is read
   * newest-first and capped, so a lookup costs the same at a thousand articles as at a million.
   */
  @PrimaryColumn('bigint', { name: 'article_seq' })
  articleSeq!: string;

  @Column('uuid', { name: 'article_id' })
  articleId!: string;
}
