import { MigrationInterface, QueryRunner } from 'typeorm';

export class StoryHeadline1795259282079 implements MigrationInterface {
  name = 'StoryHeadline1795259282079';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "story_headline" ("article_id" uuid NOT NULL, "story_id" uuid NOT NULL, "title" text, "time" TIMESTAMP WITH TIME ZONE NOT NULL, "vectors" jsonb NOT NULL, CONSTRAINT "PK_b72fa197571be0a43e3927482e6" PRIMARY KEY ("article_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_story_headline_recent" ON "story_headline" ("story_id", "time", "article_id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_story_headline_recent"`);
    await queryRunner.query(`DROP TABLE "story_headline"`);
  }
}
