import { Client } from 'pg';
import { HARBOUR_STORM, HARBOUR_STORM_REWRITE, MUSEUM_THEFT } from '../../libs/stories/src/testing/fictional-articles';
import { Stack } from '../support/stack';
import { createTestEnvironment, TestEnvironment, waitUntil } from '../support/test-environment';

/**
 * Story decisions lock what they read — their article's bands and keys, their candidate stories — instead of one
 * lock for every decision. A decision stuck while holding a story (here: a session that locks the storm story and
 * sits on it) holds up only the articles that would change that story; an article about another event is
 * decided meanwhile, and the held-up one goes through once the story is free.
 */
describe('story decisions lock only what they touch', () => {
  let env: TestEnvironment;
  let stack: Stack;
  let db: Client;

  beforeAll(async () => {
    env = await createTestEnvironment('decision_locks');
    stack = await Stack.start(env.config, ['normalize', 'dedupe', 'entities']);
    db = new Client({ connectionString: env.config.DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
    await env?.teardown();
  });

  async function post(externalId: string, title: string, paragraphs: string[]): Promise<string> {
    const { status, body } = await stack.postArticle({
      source: 'locks',
      externalId,
      title,
      body: paragraphs.join('\n\n'),
    });
    expect(status).toBe(202);
    return body.id as string;
  }

  const statusOf = async (id: string): Promise<string> =>
    (await db.query(`SELECT status FROM article WHERE id = $1`, [id])).rows[0].status;

  it('decides an unrelated article while another waits for a story held elsewhere', async () => {
    const storm1 = await post('storm-1', 'Storm breaks Port Alder breakwater', HARBOUR_STORM);
    const [first] = await stack.waitForArticles([storm1]);
    expect(first.status).toBe('done');

    const holder = new Client({ connectionString: env.config.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM story WHERE id = $1 FOR UPDATE`, [first.storyId]);

      const storm2 = await post('storm-2', 'Fish market flooded as breakwater fails', HARBOUR_STORM_REWRITE);
      await waitUntil(async () => (await statusOf(storm2)) === 'normalized', { what: 'storm-2 normalized' });
      const theft = await post('theft-1', 'Antique watches stolen from clock museum', MUSEUM_THEFT);
      const [unrelated] = await stack.waitForArticles([theft]);
      expect(unrelated.status).toBe('done');
      expect(unrelated.storyId).not.toBe(first.storyId);
      // Its decision needs the storm story: it waits (lock_timeout, then tries again) and writes nothing.
      expect(await statusOf(storm2)).toBe('normalized');

      await holder.query('ROLLBACK');
      const [joined] = await stack.waitForArticles([storm2]);
      expect(joined.status).toBe('done');
      expect(joined.storyId).toBe(first.storyId);
      const { lockWaitMs, lockBlockedMs } = joined.storyDecision.timing;
      expect(lockWaitMs).toBeGreaterThan(0);
      // Of the wait the worker saw, the part Postgres measured blocked: never more.
      expect(lockBlockedMs).toBeGreaterThanOrEqual(0);
      expect(lockBlockedMs).toBeLessThanOrEqual(lockWaitMs);
    } finally {
      await holder.end();
    }
  });
});
