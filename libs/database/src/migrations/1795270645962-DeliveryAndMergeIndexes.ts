import { MigrationInterface, QueryRunner } from 'typeorm';

export class DeliveryAndMergeIndexes1795270645962 implements MigrationInterface {
  name = 'DeliveryAndMergeIndexes1795270645962';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_story_merge_into" ON "story_merge" ("into_story_id", "created_at") `);
    await queryRunner.query(
      `CREATE INDEX "ix_webhook_delivery_story_pending" ON "webhook_delivery" ("subscription_id", "story_id", "story_version") WHERE status = 'pending'`,
    );
    await queryRunner.query(`CREATE INDEX "ix_webhook_delivery_event" ON "webhook_delivery" ("event_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_delivery_event"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_delivery_story_pending"`);
    await queryRunner.query(`DROP INDEX "public"."ix_story_merge_into"`);
  }
}
