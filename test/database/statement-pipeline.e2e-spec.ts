import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { createDataSource, sqlState, StatementPipeline } from '@storyline/database';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

/**
 * Statements sent without waiting for their answers, on a real transaction: they run in the order sent, a check
 * that finds its precondition broken and a statement Postgres refuses are both reported when the caller settles,
 * and a statement that fails after an earlier failure reports the earlier one.
 */
let env: TestEnvironment;
let db: DataSource;
let observer: Client;

beforeAll(async () => {
  env = await createTestEnvironment('statement_pipeline');
  db = createDataSource({ url: env.config.DATABASE_URL, poolSize: 2 });
  await db.initialize();
  observer = new Client({ connectionString: env.config.DATABASE_URL });
  await observer.connect();
  await observer.query('CREATE TABLE pipeline_step (n int PRIMARY KEY, note text)');
});

afterAll(async () => {
  await observer?.end();
  await db?.destroy();
  await env?.teardown();
});

beforeEach(() => observer.query('TRUNCATE pipeline_step'));

async function inTransaction(work: (tx: EntityManager) => Promise<void>): Promise<unknown> {
  try {
    await db.transaction(work);
    return null;
  } catch (error) {
    return error;
  }
}

const stepsCommitted = async (): Promise<number[]> =>
  (await observer.query('SELECT n FROM pipeline_step ORDER BY n')).rows.map((r: { n: number }) => r.n);

it('runs the statements sent in order, and a read after them sees them all', async () => {
  let seen: number[] = [];
  const failure = await inTransaction(async (tx) => {
    const writes = await StatementPipeline.on(tx);
    for (let n = 1; n <= 20; n++) {
      await writes.send(`INSERT INTO pipeline_step (n, note) VALUES ($1, 'sent')`, [n]);
    }
    await writes.send(`UPDATE pipeline_step SET note = 'updated' WHERE n = (SELECT max(n) FROM pipeline_step)`, []);
    seen = (await tx.query(`SELECT n FROM pipeline_step WHERE note = 'updated'`)).map((r: { n: number }) => r.n);
    await writes.settle();
  });
  expect(failure).toBeNull();
  expect(seen).toEqual([20]);
  expect(await stepsCommitted()).toHaveLength(20);
});

it('reports a broken precondition when settled, and nothing sent is committed', async () => {
  class Moved extends Error {}
  const failure = await inTransaction(async (tx) => {
    const writes = await StatementPipeline.on(tx);
    await writes.send(`INSERT INTO pipeline_step (n) VALUES (1)`, []);
    await writes.send<{ n: number }>(`SELECT 7 AS n`, [], ([row]) => {
      if (row.n !== 6) throw new Moved('expected 6');
    });
    await writes.send(`INSERT INTO pipeline_step (n) VALUES (2)`, []);
    await writes.settle();
  });
  expect(failure).toBeInstanceOf(Moved);
  expect(await stepsCommitted()).toEqual([]);
});

it('reports the first statement Postgres refused, not the ones the aborted transaction refused after it', async () => {
  let failureBeforeSettling: unknown;
  const failure = await inTransaction(async (tx) => {
    const writes = await StatementPipeline.on(tx);
    await writes.send(`INSERT INTO pipeline_step (n) VALUES (1)`, []);
    await writes.send(`INSERT INTO pipeline_step (n) VALUES (1)`, []);
    await writes.send(`INSERT INTO pipeline_step (n) VALUES (2)`, []);
    // A read after them fails because the transaction is aborted; the pipeline knows why.
    await tx.query(`SELECT 1`).catch(() => undefined);
    failureBeforeSettling = writes.failure;
    await writes.settle();
  });
  expect(sqlState(failureBeforeSettling)).toBe('23505');
  expect(sqlState(failure)).toBe('23505');
  expect(await stepsCommitted()).toEqual([]);
});

it('outside a transaction runs each statement when it is sent', async () => {
  const writes = StatementPipeline.inOrder(db.manager);
  await writes.send(`INSERT INTO pipeline_step (n) VALUES (3)`, []);
  expect(await stepsCommitted()).toEqual([3]);
  await expect(writes.send(`INSERT INTO pipeline_step (n) VALUES (3)`, [])).rejects.toMatchObject({ code: '23505' });
});
