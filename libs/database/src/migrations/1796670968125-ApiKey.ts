import { MigrationInterface, QueryRunner } from 'typeorm';

export class ApiKey1796670968125 implements MigrationInterface {
  name = 'ApiKey1796670968125';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "api_key" ("id" uuid NOT NULL, "name" text NOT NULL, "key_hash" bytea NOT NULL, "key_prefix" text NOT NULL, "scopes" text array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b1bd840641b8acbaad89c3d8d11" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_api_key_hash" ON "api_key" ("key_hash") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ux_api_key_hash"`);
    await queryRunner.query(`DROP TABLE "api_key"`);
  }
}
