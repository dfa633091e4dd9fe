import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigOrExit } from '@storyline/config';
import { createDataSource } from '@storyline/database';
import { withScratchDatabase } from './scratch-database';

/**
 * `npm run migration:generate -- <Name>`: diffs the entities against a scratch database migrated to head and
 * writes the difference as a new migration file (then add it to libs/database/src/migrations/index.ts).
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('usage: migration:generate -- <PascalCaseName>');
  const config = loadConfigOrExit();
  await withScratchDatabase(config.DATABASE_URL, async (url) => {
    const dataSource = createDataSource({ url, poolSize: 1 });
    await dataSource.initialize();
    const sql = await dataSource.driver.createSchemaBuilder().log();
    await dataSource.destroy();
    if (sql.upQueries.length === 0) {
      process.stdout.write('entities and migrations agree: nothing to generate\n');
      return;
    }
    const stamp = Date.now();
    const className = `${name}${stamp}`;
    const q = (s: string) => '`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
    const up = sql.upQueries.map((x) => `    await queryRunner.query(${q(x.query)});`).join('\n');
    const down = sql.downQueries
      .reverse()
      .map((x) => `    await queryRunner.query(${q(x.query)});`)
      .join('\n');
    const file = join(process.cwd(), 'libs/database/src/migrations', `${stamp}-${name}.ts`);
    writeFileSync(
      file,
      `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n  name = '${className}';\n\n  public async up(queryRunner: QueryRunner): Promise<void> {\n${up}\n  }\n\n  public async down(queryRunner: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
    );
    process.stdout.write(`wrote ${file}\n`);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
