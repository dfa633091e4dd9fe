import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a story's title is a headline an article was given, kept on the story: the entities stage asked its
 * articles on every filing (a scan of the story's articles, growing with its size). Stories stored before are
 * answered once here, the way the filing asked.
 */
export class StoryTitleDeclared1796730000000 implements MigrationInterface {
  name = 'StoryTitleDeclared1796730000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "story" ADD "title_declared" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(
      `UPDATE story s SET title_declared = true
        WHERE EXISTS (SELECT 1 FROM article a WHERE a.story_id = s.id AND a.title = s.title
                        AND a.metadata #>> '{title,source}' IN ('input', 'html-meta', 'json-ld'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "story" DROP COLUMN "title_declared"`);
  }
}
