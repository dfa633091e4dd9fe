import { MigrationInterface, QueryRunner } from 'typeorm';

export class StoryMember1795251258955 implements MigrationInterface {
  name = 'StoryMember1795251258955';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "story_member" ("article_id" uuid NOT NULL, "story_id" uuid NOT NULL, "title" text, "time" TIMESTAMP WITH TIME ZONE NOT NULL, "vectors" jsonb NOT NULL, "neighbours" jsonb NOT NULL, CONSTRAINT "PK_3e10338e24fd413dd17ea143142" PRIMARY KEY ("article_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_story_member_recent" ON "story_member" ("story_id", "time", "article_id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_story_member_recent"`);
    await queryRunner.query(`DROP TABLE "story_member"`);
  }
}
