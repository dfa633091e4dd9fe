import { DataSource } from 'typeorm';
import { createDataSource } from '@storyline/database';
import { PgStoryStore } from '@storyline/pipeline';
import { describeStoryMemberContract } from '../../libs/stories/src/testing/story-member-contract';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

/** The member contract the in-memory store passes, on Postgres (a migrated database of this file's own). */
let env: TestEnvironment;
let db: DataSource;

beforeAll(async () => {
  env = await createTestEnvironment('pg_story_store');
  db = createDataSource({ url: env.config.DATABASE_URL, poolSize: 2 });
  await db.initialize();
});

afterAll(async () => {
  await db?.destroy();
  await env?.teardown();
});

beforeEach(async () => {
  await db.query('TRUNCATE story_member');
});

describeStoryMemberContract('PgStoryStore', async () => new PgStoryStore(db.manager));
