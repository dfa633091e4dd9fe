import { MigrationInterface, QueryRunner } from 'typeorm';

export class StoryProfileVersion1796671584030 implements MigrationInterface {
  name = 'StoryProfileVersion1796671584030';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // A constant default: Postgres adds the column without rewriting the table.
    await queryRunner.query(`ALTER TABLE "story" ADD "profile_version" integer NOT NULL DEFAULT '0'`);
    // Every statement that sets the profile moves the version on, whoever writes it: a writer that forgot would
    // leave dedupe processes deciding on a cached profile that is no longer the story's.
    await queryRunner.query(
      `CREATE FUNCTION story_profile_version() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         NEW.profile_version := OLD.profile_version + 1;
         RETURN NEW;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER story_profile_version BEFORE UPDATE OF profile ON "story"
       FOR EACH ROW EXECUTE FUNCTION story_profile_version()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER story_profile_version ON "story"`);
    await queryRunner.query(`DROP FUNCTION story_profile_version()`);
    await queryRunner.query(`ALTER TABLE "story" DROP COLUMN "profile_version"`);
  }
}
