import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Article text over ~2 KB is compressed (TOAST) as it is written, and compressing it is most of Postgres' CPU at
 * intake: lz4 costs about half of what the default pglz does. Only new values are affected; stored ones stay as
 * they are, and both read the same. A server built without lz4 keeps pglz.
 */
const COLUMNS = ['raw_text', 'raw_html', 'text'];

export class ArticleTextLz41796654492570 implements MigrationInterface {
  name = 'ArticleTextLz41796654492570';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DO $$ BEGIN
         ALTER TABLE "article" ${COLUMNS.map((c) => `ALTER COLUMN "${c}" SET COMPRESSION lz4`).join(', ')};
       EXCEPTION WHEN feature_not_supported THEN
         RAISE NOTICE 'lz4 is not supported by this server: article text stays compressed with pglz';
       END $$`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "article" ${COLUMNS.map((c) => `ALTER COLUMN "${c}" SET COMPRESSION DEFAULT`).join(', ')}`,
    );
  }
}
