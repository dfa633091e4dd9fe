import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The story list's other orders (GET /v1/stories?sort=firstSeen, sort=size): each served from an index on
 * (column, id), read backwards as ix_story_updated_at_id serves the default order, so a page is the index's next
 * entries instead of every live story sorted (EXPLAIN on 150,000 stories: a parallel seq scan and top-N sort,
 * 46–80 ms, against an index scan under 1 ms). The first-seen index also serves first-seen ranges. Built under
 * the table's write lock: brief on a story table, which is small beside article.
 */
export class StoryListOrders1796710000000 implements MigrationInterface {
  name = 'StoryListOrders1796710000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_story_first_seen_at_id" ON "story" ("first_seen_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_story_article_count_id" ON "story" ("article_count", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_story_article_count_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_story_first_seen_at_id"`);
  }
}
