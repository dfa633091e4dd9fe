import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { variantKey } from '@storyline/nlp';
import { Stack } from '../support/stack';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

/** One name, one entity: a multi-word name already known under another type keeps that entity. */
describe('entity types across articles', () => {
  let env: TestEnvironment;
  let stack: Stack;

  beforeAll(async () => {
    env = await createTestEnvironment('entity_types');
    stack = await Stack.start(env.config);
  });

  afterAll(async () => {
    await stack?.stop();
    await env?.teardown();
  });

  it('files a name under the type it is already known by, and a one-word name under its own', async () => {
    // As if earlier articles had tagged the two names as organisations.
    const db = new Client({ connectionString: env.config.DATABASE_URL });
    await db.connect();
    for (const name of ['Marta Ellison', 'Eastgate']) {
      await db.query(`INSERT INTO entity (id, key, type, canonical_name, mention_count) VALUES ($1, $2, $3, $4, 9)`, [
        randomUUID(),
        `ORGANIZATION:${variantKey(name)}`,
        'ORGANIZATION',
        name,
      ]);
    }
    await db.end();

    const res = await stack.postArticle({
      source: 'courier',
      title: 'Eastgate bridge reopens',
      body:
        'The harbour bridge in Eastgate reopened on Tuesday after six months of repairs, the mayor Marta Ellison said. ' +
        'Marta Ellison told reporters in Eastgate that traffic would return to normal within a week.',
    });
    const [view] = await stack.waitForArticles([res.body.id]);
    const keyOf = (text: string) => view.entities.find((m: { canonical: string }) => m.canonical === text);
    expect(keyOf('Marta Ellison')).toMatchObject({ type: 'ORGANIZATION' });
    expect(keyOf('Eastgate')).toMatchObject({ type: 'LOCATION' });
  });

  it('tags the place of the dateline that normalization cut from the text', async () => {
    const res = await stack.postArticle({
      source: 'wire',
      title: 'Ferry terminal shut after surge',
      body:
        'GLENHAVEN, Mar 3 (Wire): A storm surge shut the ferry terminal on Monday, officials said. ' +
        'Crews in Glenhaven worked through the night.',
    });
    const [view] = await stack.waitForArticles([res.body.id]);
    const places = view.entities.filter((m: { canonical: string }) => /glenhaven/i.test(m.canonical));
    expect(places.map((m: { text: string }) => m.text)).toEqual(['GLENHAVEN', 'Glenhaven']);
    expect(new Set(places.map((m: { entityId: string; type: string }) => `${m.entityId} ${m.type}`)).size).toBe(1);
    expect(places[0]).toMatchObject({ type: 'LOCATION' });
  });
});
