import { MigrationInterface, QueryRunner } from 'typeorm';

export class StoryEntityAggregates1795283712406 implements MigrationInterface {
  name = 'StoryEntityAggregates1795283712406';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Mentions record their zone (title 0, lead 1, body 2). Existing ones from their article's current title and
    // the default lead (300 characters after it); char_length counts code points where the tagger counted UTF-16
    // units, which differs only for titles with characters beyond the BMP.
    await queryRunner.query(`ALTER TABLE "entity_mention" ADD "zone" smallint`);
    await queryRunner.query(
      `UPDATE entity_mention m SET zone = CASE
         WHEN m.start < char_length(coalesce(a.title, '')) THEN 0
         WHEN m.start < CASE WHEN coalesce(a.title, '') <> '' THEN char_length(a.title) + 2 ELSE 0 END + 300 THEN 1
         ELSE 2 END
         FROM article a WHERE a.id = m.article_id`,
    );
    await queryRunner.query(`UPDATE entity_mention SET zone = 2 WHERE zone IS NULL`);
    await queryRunner.query(`ALTER TABLE "entity_mention" ALTER COLUMN "zone" SET NOT NULL`);

    await queryRunner.query(`ALTER TABLE "article" ADD "entities_story_id" uuid`);
    await queryRunner.query(`ALTER TABLE "story" ADD "entity_articles" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "story_entity" DROP COLUMN "in_title"`);
    await queryRunner.query(`ALTER TABLE "story_entity" DROP COLUMN "salience"`);
    await queryRunner.query(`ALTER TABLE "story_entity" ADD "titles" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "story_entity" ADD "leads" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "story_entity" ALTER COLUMN "titles" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "story_entity" ALTER COLUMN "leads" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "story_entity" ADD "surname" text`);
    await queryRunner.query(`ALTER TABLE "story_entity" ADD "full_name" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "story_entity" ADD "tier" smallint NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "story_entity" ALTER COLUMN "tier" DROP DEFAULT`);

    // The summaries held a story's top 100 only: rebuilt as aggregates of every entity of every done article.
    await queryRunner.query(`DELETE FROM story_entity`);
    await queryRunner.query(
      `UPDATE article SET entities_story_id = story_id WHERE status = 'done' AND story_id IS NOT NULL`,
    );
    await queryRunner.query(
      `INSERT INTO story_entity (story_id, entity_id, mentions, articles, titles, leads, surname, full_name)
       SELECT c.story_id, c.entity_id, sum(c.mentions), count(*), count(*) FILTER (WHERE c.zone = 0),
              count(*) FILTER (WHERE c.zone <= 1),
              CASE WHEN e.type = 'PERSON' THEN regexp_replace(substr(e.key, 8), '^.* ', '') END,
              e.type = 'PERSON' AND strpos(substr(e.key, 8), ' ') > 0
         FROM (SELECT a.entities_story_id AS story_id, m.entity_id, count(*)::int AS mentions, min(m.zone) AS zone
                 FROM entity_mention m JOIN article a ON a.id = m.article_id
                WHERE a.entities_story_id IS NOT NULL GROUP BY a.entities_story_id, m.article_id, m.entity_id) c
         JOIN entity e ON e.id = c.entity_id
        GROUP BY c.story_id, c.entity_id, e.type, e.key`,
    );
    await queryRunner.query(
      `UPDATE story s SET entity_articles = c.n
         FROM (SELECT a.entities_story_id AS id, count(*)::int AS n FROM article a
                WHERE a.entities_story_id IS NOT NULL AND EXISTS (SELECT 1 FROM entity_mention m WHERE m.article_id = a.id)
                GROUP BY a.entities_story_id) c
        WHERE s.id = c.id`,
    );
    await queryRunner.query(`CREATE INDEX "ix_story_entity_tier" ON "story_entity" ("story_id", "tier") `);
    await queryRunner.query(
      `CREATE INDEX "ix_story_entity_surname" ON "story_entity" ("story_id", "surname") WHERE surname IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_article_unfiled" ON "article" ("story_id") WHERE status = 'done' AND entities_story_id IS DISTINCT FROM story_id`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_article_filed_elsewhere" ON "article" ("entities_story_id") WHERE entities_story_id <> story_id`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_article_filed_elsewhere"`);
    await queryRunner.query(`DROP INDEX "public"."ix_article_unfiled"`);
    await queryRunner.query(`DROP INDEX "public"."ix_story_entity_surname"`);
    await queryRunner.query(`DROP INDEX "public"."ix_story_entity_tier"`);
    // The ranked top 100 are not restored: the previous release rewrites a story's summary with its next article.
    await queryRunner.query(`DELETE FROM story_entity`);
    await queryRunner.query(`ALTER TABLE "story_entity" DROP COLUMN "tier"`);
    await queryRunner.query(`ALTER TABLE "story_entity" DROP COLUMN "full_name"`);
    await queryRunner.query(`ALTER TABLE "story_entity" DROP COLUMN "surname"`);
    await queryRunner.query(`ALTER TABLE "story_entity" DROP COLUMN "leads"`);
    await queryRunner.query(`ALTER TABLE "story_entity" DROP COLUMN "titles"`);
    await queryRunner.query(`ALTER TABLE "story_entity" ADD "salience" real NOT NULL`);
    await queryRunner.query(`ALTER TABLE "story_entity" ADD "in_title" boolean NOT NULL`);
    await queryRunner.query(`ALTER TABLE "story" DROP COLUMN "entity_articles"`);
    await queryRunner.query(`ALTER TABLE "article" DROP COLUMN "entities_story_id"`);
    await queryRunner.query(`ALTER TABLE "entity_mention" DROP COLUMN "zone"`);
  }
}
