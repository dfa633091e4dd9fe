import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counters updated once per article — a story's entity rows, the entities and their aliases, the stream's term
 * counts, a member's neighbours — change no indexed column on most updates, so Postgres can write the new version
 * on the same page (a HOT update) and prune the old one when the page is next read, without waiting for vacuum.
 * It needs room on the page: full pages made those updates leave dead rows for vacuum instead. Applies to pages
 * written from now on (an existing table gets it whole after VACUUM FULL or pg_repack).
 */
const TABLES = ['story_entity', 'story_member', 'term_statistic', 'entity', 'entity_alias'];

export class UpdateHeadroom1796683409866 implements MigrationInterface {
  name = 'UpdateHeadroom1796683409866';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.query(`ALTER TABLE "${table}" SET (fillfactor = 70)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.query(`ALTER TABLE "${table}" RESET (fillfactor)`);
  }
}
