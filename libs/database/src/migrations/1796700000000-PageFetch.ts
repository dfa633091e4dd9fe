import { MigrationInterface, QueryRunner } from 'typeorm';

export class PageFetch1796700000000 implements MigrationInterface {
  name = 'PageFetch1796700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "page_fetch" ("article_id" uuid NOT NULL, "url_key" text NOT NULL, "requested_url" text NOT NULL, "final_url" text, "canonical_url" text, "outcome" text NOT NULL DEFAULT 'pending', "http_status" integer, "reason" text, "attempts" integer NOT NULL DEFAULT '0', "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "fetched_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_66eecbbc07945854c32762b7df3" PRIMARY KEY ("article_id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_page_fetch_url_key" ON "page_fetch" ("url_key") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_page_fetch_canonical_url" ON "page_fetch" ("canonical_url") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ux_page_fetch_canonical_url"`);
    await queryRunner.query(`DROP INDEX "public"."ux_page_fetch_url_key"`);
    await queryRunner.query(`DROP TABLE "page_fetch"`);
  }
}
