import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource } from '@storyline/database';
import { StoryEvents } from '@storyline/pipeline';
import { createQueryApp } from '../../apps/query/src/query-app';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

/** The events a merge writes to the outbox, on Postgres, for a story announced before and for a brand-new one. */
describe('story.merged in the outbox', () => {
  let env: TestEnvironment;
  let app: INestApplication;
  let db: DataSource;
  let events: StoryEvents;

  beforeAll(async () => {
    env = await createTestEnvironment('story_events');
    app = await createQueryApp(env.config);
    events = app.get(StoryEvents);
    db = await createDataSource({ url: env.config.DATABASE_URL, poolSize: 2 }).initialize();
  });

  afterAll(async () => {
    await app?.close();
    await db?.destroy();
    await env?.teardown();
  });

  async function story(version: number): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO story (id, title, version, first_seen_at, last_seen_at, profile) VALUES ($1, 'Ferry strike', $2, now(), now(), '{}')`,
      [id, version],
    );
    return id;
  }

  const outbox = async (storyId: string) =>
    (
      await db.query(
        `SELECT type, story_version AS version, payload -> 'data' AS data FROM story_event WHERE story_id = $1
          ORDER BY story_version`,
        [storyId],
      )
    ).map((e: { type: string; version: number; data: any }) => ({
      type: e.type,
      version: e.version,
      snapshotVersion: e.data.story?.version ?? e.data.version,
    }));

  it('announces a story that was never announced before merging into it', async () => {
    const [into, merged] = [await story(0), await story(2)];
    await db.transaction((tx) => events.storiesMerged(tx, into, [merged]));
    expect(await outbox(into)).toEqual([
      { type: 'story.created', version: 1, snapshotVersion: 1 },
      { type: 'story.merged', version: 2, snapshotVersion: 2 },
    ]);
  });

  it('writes only story.merged for a story subscribers know', async () => {
    const [into, merged] = [await story(3), await story(1)];
    await db.transaction((tx) => events.storiesMerged(tx, into, [merged]));
    expect(await outbox(into)).toEqual([{ type: 'story.merged', version: 4, snapshotVersion: 4 }]);
  });
});
