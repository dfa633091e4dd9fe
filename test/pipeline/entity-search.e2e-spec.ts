import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource } from '@storyline/database';
import { variantKey } from '@storyline/nlp';
import { EntityReader } from '@storyline/pipeline';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

/** Entity search on Postgres (trigram, prefix and spelling-variant matches), over entities written here. */
describe('entity search', () => {
  let env: TestEnvironment;
  let db: DataSource;
  let reader: EntityReader;

  async function entity(type: string, name: string, aliases: string[]): Promise<string> {
    const id = randomUUID();
    await db.query(`INSERT INTO entity (id, key, type, canonical_name, mention_count) VALUES ($1, $2, $3, $4, 3)`, [
      id,
      `${type}:${variantKey(name)}`,
      type,
      name,
    ]);
    for (const alias of aliases) {
      await db.query(`INSERT INTO entity_alias (entity_id, alias, count) VALUES ($1, $2, 1)`, [id, alias]);
    }
    return id;
  }

  beforeAll(async () => {
    env = await createTestEnvironment('entity_search');
    db = await createDataSource({ url: env.config.DATABASE_URL, poolSize: 2 }).initialize();
    reader = new EntityReader(db);
  });

  afterAll(async () => {
    await db?.destroy();
    await env?.teardown();
  });

  it('finds an entity by a spelling no article used, by a prefix, and by a near miss', async () => {
    const kyiv = await entity('LOCATION', 'Kyiv', ['Kyiv']);
    await entity('PERSON', 'Marta Kowalczyk', ['Marta Kowalczyk', 'Kowalczyk']);
    expect((await reader.search('Kiev', 10)).map((e) => e.id)).toEqual([kyiv]);
    expect((await reader.search('kowal', 10)).map((e) => e.name)).toEqual(['Marta Kowalczyk']);
    expect((await reader.search('Kowalczik', 10)).map((e) => e.name)).toEqual(['Marta Kowalczyk']);
  });

  it('takes % and _ in a query literally', async () => {
    await entity('ORGANIZATION', 'Harbour Authority', ['Harbour Authority']);
    expect(await reader.search('%', 10)).toEqual([]);
    expect(await reader.search('_', 10)).toEqual([]);
  });
});
