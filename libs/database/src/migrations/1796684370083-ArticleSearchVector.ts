import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Full-text search over articles: `article.search_vector`, the title weighted 'A' above the body 'B', each
 * parsed with the text-search configuration of the article's detected language (`article_search_config`,
 * 'simple' for an unknown or undetected one), and a GIN index on it.
 *
 * A stored generated column, so every writer of title, text or language (normalize, a re-normalization, a
 * manual fix) keeps it current and no stage has to remember it; Postgres recomputes it only on UPDATEs that set
 * one of those columns. Adding it rewrites the table under an exclusive lock (the backfill of existing rows):
 * plan a maintenance window on a large table. The body is indexed up to its first 100,000 characters: a
 * tsvector must stay under 1 MB, and positions stop at 16,383 anyway.
 *
 * The expression is repeated in `typeorm_metadata`, where TypeORM reads a generated column's expression back (the
 * drift check compares it with the entity's `asExpression`).
 */
const EXPRESSION =
  "setweight(to_tsvector(article_search_config(language), coalesce(title, '')), 'A') || " +
  "setweight(to_tsvector(article_search_config(language), left(coalesce(text, ''), 100000)), 'B')";

export class ArticleSearchVector1796684370083 implements MigrationInterface {
  name = 'ArticleSearchVector1796684370083';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // ISO 639-1 → the configurations Postgres ships (12+); IMMUTABLE, as a generated column needs. Changing the
    // mapping later means a new function and column, not CREATE OR REPLACE: stored vectors would not follow.
    await queryRunner.query(
      `CREATE FUNCTION article_search_config(language text) RETURNS regconfig
         LANGUAGE sql IMMUTABLE PARALLEL SAFE
         RETURN CASE lower(language)
           WHEN 'ar' THEN 'pg_catalog.arabic'::regconfig WHEN 'da' THEN 'pg_catalog.danish'::regconfig
           WHEN 'de' THEN 'pg_catalog.german'::regconfig WHEN 'el' THEN 'pg_catalog.greek'::regconfig
           WHEN 'en' THEN 'pg_catalog.english'::regconfig WHEN 'es' THEN 'pg_catalog.spanish'::regconfig
           WHEN 'fi' THEN 'pg_catalog.finnish'::regconfig WHEN 'fr' THEN 'pg_catalog.french'::regconfig
           WHEN 'ga' THEN 'pg_catalog.irish'::regconfig WHEN 'hu' THEN 'pg_catalog.hungarian'::regconfig
           WHEN 'id' THEN 'pg_catalog.indonesian'::regconfig WHEN 'it' THEN 'pg_catalog.italian'::regconfig
           WHEN 'lt' THEN 'pg_catalog.lithuanian'::regconfig WHEN 'ne' THEN 'pg_catalog.nepali'::regconfig
           WHEN 'nl' THEN 'pg_catalog.dutch'::regconfig WHEN 'no' THEN 'pg_catalog.norwegian'::regconfig
           WHEN 'nb' THEN 'pg_catalog.norwegian'::regconfig WHEN 'nn' THEN 'pg_catalog.norwegian'::regconfig
           WHEN 'pt' THEN 'pg_catalog.portuguese'::regconfig WHEN 'ro' THEN 'pg_catalog.romanian'::regconfig
           WHEN 'ru' THEN 'pg_catalog.russian'::regconfig WHEN 'sv' THEN 'pg_catalog.swedish'::regconfig
           WHEN 'ta' THEN 'pg_catalog.tamil'::regconfig WHEN 'tr' THEN 'pg_catalog.turkish'::regconfig
           ELSE 'pg_catalog.simple'::regconfig
         END`,
    );
    await queryRunner.query(
      `ALTER TABLE "article" ADD "search_vector" tsvector GENERATED ALWAYS AS (${EXPRESSION}) STORED`,
    );
    await queryRunner.query(`CREATE INDEX "ix_article_search_vector" ON "article" USING gin ("search_vector")`);
    await queryRunner.query(
      `CREATE TABLE IF NOT EXISTS "typeorm_metadata" ("type" varchar NOT NULL, "database" varchar, "schema" varchar,
         "table" varchar, "name" varchar, "value" text)`,
    );
    await queryRunner.query(
      `INSERT INTO "typeorm_metadata" ("database", "schema", "table", "type", "name", "value")
       VALUES (current_database(), current_schema(), 'article', 'GENERATED_COLUMN', 'search_vector', $1)`,
      [EXPRESSION],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "table" = 'article' AND "name" = 'search_vector'`,
    );
    await queryRunner.query(`DROP INDEX "public"."ix_article_search_vector"`);
    await queryRunner.query(`ALTER TABLE "article" DROP COLUMN "search_vector"`);
    await queryRunner.query(`DROP FUNCTION article_search_config(text)`);
  }
}
