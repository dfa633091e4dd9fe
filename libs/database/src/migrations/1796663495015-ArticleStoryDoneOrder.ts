import { MigrationInterface, QueryRunner } from 'typeorm';

export class ArticleStoryDoneOrder1796663495015 implements MigrationInterface {
  name = 'ArticleStoryDoneOrder1796663495015';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // A story event lists the story's first 200 done articles: read in this order, they are the index's first 200
    // entries instead of every article of the story sorted.
    await queryRunner.query(
      `CREATE INDEX "ix_article_story_done" ON "article" ("story_id", (coalesce("published_at", "received_at")), "id")
        WHERE status = 'done'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_article_story_done"`);
  }
}
