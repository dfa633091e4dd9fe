import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The live stream's order over the outbox (GET /v1/stream): the id of the transaction that wrote each event, and
 * a bigserial for the events one transaction wrote. Both are filled in for the rows already there (the table is
 * rewritten, under its lock: run it while the workers are stopped or quiet). See StoryStream for why the order
 * needs the transaction id and not the bigserial alone.
 */
export class StoryEventStreamOrder1796684371846 implements MigrationInterface {
  name = 'StoryEventStreamOrder1796684371846';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // A function, so that the column's default has no casts (TypeORM drops them when it reads a default back).
    await queryRunner.query(
      `CREATE FUNCTION story_event_xact_id() RETURNS bigint LANGUAGE sql VOLATILE AS 'SELECT pg_current_xact_id()::text::bigint'`,
    );
    await queryRunner.query(`ALTER TABLE "story_event" ADD "xact_id" bigint NOT NULL DEFAULT story_event_xact_id()`);
    await queryRunner.query(`ALTER TABLE "story_event" ADD "seq" BIGSERIAL NOT NULL`);
    await queryRunner.query(`CREATE INDEX "ix_story_event_stream" ON "story_event" ("xact_id", "seq") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_story_event_stream"`);
    await queryRunner.query(`ALTER TABLE "story_event" DROP COLUMN "seq"`);
    await queryRunner.query(`ALTER TABLE "story_event" DROP COLUMN "xact_id"`);
    await queryRunner.query(`DROP FUNCTION story_event_xact_id()`);
  }
}
