import type { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { createDataSource } from '@storyline/database';
import { STORED_COUNT_TTL_MS, StreamTermCounts } from '@storyline/pipeline';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

/**
 * The stream's document frequencies as one dedupe process reads them: a stored count is read once and used for
 * seconds, the process's own counts show at once, written or not, and another process's writes show once the
 * stored count is read again.
 */
describe('StreamTermCounts', () => {
  let env: TestEnvironment;
  let db: DataSource;
  let counts: StreamTermCounts;
  const quiet = { setContext: () => undefined, warn: () => undefined } as unknown as PinoLogger;

  beforeAll(async () => {
    env = await createTestEnvironment('stream_term_counts');
    db = createDataSource({ url: env.config.DATABASE_URL, poolSize: 2 });
    await db.initialize();
    counts = new StreamTermCounts(db, quiet);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await counts?.onModuleDestroy();
    await db?.destroy();
    await env?.teardown();
  });

  const frequencies = async (...terms: string[]) =>
    Object.fromEntries(await counts.documentFrequencies(db.manager, terms));

  it('reads a stored count once, adds its own counts at once, and sees other writers after a while', async () => {
    await db.query(`INSERT INTO term_statistic (term, df) VALUES ('harbour', 5)`);
    expect(await frequencies('harbour', 'breakwater')).toEqual({ harbour: 5 });

    // Another process writes; this one keeps the count it read.
    await db.query(`UPDATE term_statistic SET df = df + 4 WHERE term = 'harbour'`);
    expect(await frequencies('harbour')).toEqual({ harbour: 5 });

    counts.observe(['harbour', 'breakwater']);
    expect(await frequencies('harbour', 'breakwater')).toEqual({ harbour: 6, breakwater: 1 });
    await counts.flush();
    expect(await frequencies('harbour', 'breakwater')).toEqual({ harbour: 6, breakwater: 1 });
    const stored = await db.query(`SELECT term, df FROM term_statistic WHERE term <> '' ORDER BY term`);
    expect(stored).toEqual([
      { term: 'breakwater', df: 1 },
      { term: 'harbour', df: 10 },
    ]);

    const later = Date.now() + STORED_COUNT_TTL_MS + 1_000;
    jest.spyOn(Date, 'now').mockImplementation(() => later);
    expect(await frequencies('harbour', 'breakwater')).toEqual({ harbour: 10, breakwater: 1 });
  });
});
