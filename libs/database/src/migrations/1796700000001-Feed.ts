import { MigrationInterface, QueryRunner } from 'typeorm';

export class Feed1796700000001 implements MigrationInterface {
  name = 'Feed1796700000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "feed" ("id" uuid NOT NULL, "url" text NOT NULL, "kind" text, "detected_kind" text, "source" text, "poll_every_s" integer NOT NULL, "status" text NOT NULL DEFAULT 'active', "next_poll_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_polled_at" TIMESTAMP WITH TIME ZONE, "last_http_status" integer, "last_error" text, "etag" text, "last_modified" text, "items_seen" bigint NOT NULL DEFAULT '0', "items_ingested" bigint NOT NULL DEFAULT '0', "consecutive_errors" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8a8dfd1ff306ccdf65f0b5d04b2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_feed_url" ON "feed" ("url") `);
    await queryRunner.query(`CREATE INDEX "ix_feed_due" ON "feed" ("next_poll_at") WHERE status = 'active'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_feed_due"`);
    await queryRunner.query(`DROP INDEX "public"."ux_feed_url"`);
    await queryRunner.query(`DROP TABLE "feed"`);
  }
}
