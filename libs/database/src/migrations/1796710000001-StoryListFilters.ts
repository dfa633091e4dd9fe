import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The story list's filters that a rare value would otherwise make read every story (EXPLAIN on 150,000 stories,
 * 450,000 articles, listed by last update):
 * - `source`: a GIN index on story.sources, which `sources @> ARRAY[…]` uses (`= ANY` cannot): a source few
 *   stories have is found through it (a long-tail source: 9 ms, against a parallel seq scan, 59 ms, or the whole
 *   updated_at index walked, 70–104 ms, for a source no story has). A common source still walks the order's index.
 * - `language`: done articles by (language, story_id): a language few articles have leads to its stories from
 *   the index (0.1 ms, against a parallel seq scan of article, 77 ms), and a common one is checked per story
 *   with an index-only probe.
 * Built under each table's write lock, article's for as long as its index takes: plan for it on a large store.
 */
export class StoryListFilters1796710000001 implements MigrationInterface {
  name = 'StoryListFilters1796710000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_story_sources" ON "story" USING gin ("sources")`);
    await queryRunner.query(
      `CREATE INDEX "ix_article_done_language" ON "article" ("language", "story_id") WHERE status = 'done'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_article_done_language"`);
    await queryRunner.query(`DROP INDEX "public"."ix_story_sources"`);
  }
}
