import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * LSH bands are stored as 64-bit hashes of their keys, with one index: (band, article_seq). The rows of stored
 * articles are carried over (hashed in SQL, as the syndication index hashes keys it looks up).
 */
export class LshBandHashed1796662935687 implements MigrationInterface {
  name = 'LshBandHashed1796662935687';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "lsh_band_hashed" ("band" bigint NOT NULL, "article_seq" bigint NOT NULL, "article_id" uuid NOT NULL,
         CONSTRAINT "PK_180ecc0292466c11d01ee5738aa" PRIMARY KEY ("band", "article_seq"))`,
    );
    await queryRunner.query(
      `INSERT INTO "lsh_band_hashed" ("band", "article_seq", "article_id")
       SELECT hashtextextended("band_key", 0), "article_seq", "article_id" FROM "lsh_band" ON CONFLICT DO NOTHING`,
    );
    await queryRunner.query(`DROP TABLE "lsh_band"`);
    await queryRunner.query(`ALTER TABLE "lsh_band_hashed" RENAME TO "lsh_band"`);
  }

  /**
   * Not reversible: a band's key cannot be recovered from its hash (it would have to be recomputed from every stored
   * article's fingerprint). Restore the database from before the upgrade instead.
   */
  public async down(): Promise<void> {
    throw new Error('LshBandHashed cannot be reverted: restore the database from a backup taken before the upgrade');
  }
}
