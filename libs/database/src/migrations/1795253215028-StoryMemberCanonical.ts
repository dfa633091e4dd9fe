import { MigrationInterface, QueryRunner } from 'typeorm';

export class StoryMemberCanonical1795253215028 implements MigrationInterface {
  name = 'StoryMemberCanonical1795253215028';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "story_member" ADD "canonical_id" uuid`);
    await queryRunner.query(
      `CREATE INDEX "ix_story_member_canonical" ON "story_member" ("canonical_id") WHERE canonical_id IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_story_member_canonical"`);
    await queryRunner.query(`ALTER TABLE "story_member" DROP COLUMN "canonical_id"`);
  }
}
