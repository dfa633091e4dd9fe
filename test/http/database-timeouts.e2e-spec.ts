import { INestApplication, INestMicroservice } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createNormalizeApp } from '../../apps/normalize/src/normalize-app';
import { createQueryApp } from '../../apps/query/src/query-app';
import { HttpApps, listenHttpApps } from '../support/http-apps';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

/** A client of its own that holds the article table locked (as a migration or an operator's LOCK would). */
async function lockArticles(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE article IN ACCESS EXCLUSIVE MODE');
  return client;
}

async function release(client: Client): Promise<void> {
  await client.query('ROLLBACK');
  await client.end();
}

const setting = async (app: INestApplication | INestMicroservice, name: string) =>
  ((await app.get(DataSource).query(`SHOW ${name}`)) as { [key: string]: string }[])[0][name];

/**
 * The HTTP services' connections carry lock_timeout and statement_timeout: with the article table locked, every
 * request that needs it — more of them than the pool has connections — is answered 503 with Retry-After while
 * the lock is still held, instead of hanging until it is released.
 */
describe('a stuck database', () => {
  describe('behind a lock, with lock_timeout', () => {
    let env: TestEnvironment;
    let apps: HttpApps;
    let ingestUrl: string;
    let queryUrl: string;

    beforeAll(async () => {
      env = await createTestEnvironment('db_lock_timeout', {
        HTTP_LOCK_TIMEOUT_MS: '300',
        HTTP_STATEMENT_TIMEOUT_MS: '20000',
        WORKER_STATEMENT_TIMEOUT_MS: '90000',
      });
      apps = await listenHttpApps(env.config);
      ({ ingestUrl, queryUrl } = apps);
    });

    afterAll(async () => {
      await apps?.close();
      await env?.teardown();
    });

    it('sets the timeouts on the connections of the HTTP services, and a generous statement timeout on workers', async () => {
      for (const app of [apps.ingest, apps.query]) {
        expect([await setting(app, 'lock_timeout'), await setting(app, 'statement_timeout')]).toEqual(['300ms', '20s']);
      }
      const worker = await createNormalizeApp(env.config);
      try {
        // Workers wait for locks as long as their work takes (dedupe's decisions set their own lock_timeout).
        expect([await setting(worker, 'lock_timeout'), await setting(worker, 'statement_timeout')]).toEqual([
          '0',
          '90s',
        ]);
      } finally {
        await worker.close();
      }
    });

    it('answers 503 with Retry-After to every request the lock holds up, while it is held', async () => {
      const posted = await fetch(`${ingestUrl}/v1/articles`, {
        method: 'POST',
        body: JSON.stringify({ source: 'locks', externalId: 'before', title: 'Ferry resumes' }),
        headers: { 'content-type': 'application/json' },
      });
      expect(posted.status).toBe(202);
      const { id } = (await posted.json()) as { id: string };

      const lock = await lockArticles(env.config.DATABASE_URL);
      let answers: Response[];
      try {
        // Twice the pool of each service: requests that wait for a connection are answered too.
        answers = await Promise.all([
          ...Array.from({ length: 8 }, (_, i) =>
            fetch(`${ingestUrl}/v1/articles`, {
              method: 'POST',
              body: JSON.stringify({ source: 'locks', externalId: `during-${i}`, title: 'Ferry halts' }),
              headers: { 'content-type': 'application/json' },
            }),
          ),
          ...Array.from({ length: 6 }, () =>
            fetch(`${ingestUrl}/v1/articles/batch`, {
              method: 'POST',
              body: JSON.stringify({ articles: [{ source: 'locks', externalId: randomUUID(), title: 'Pier shut' }] }),
              headers: { 'content-type': 'application/json' },
            }),
          ),
          ...Array.from({ length: 10 }, () => fetch(`${queryUrl}/v1/articles?limit=5`)),
          ...Array.from({ length: 10 }, () => fetch(`${queryUrl}/v1/articles/${id}`)),
        ]);
        // All answered while the lock is still held: a request waiting for it would have hung this await.
      } finally {
        await release(lock);
      }
      for (const answer of answers) {
        expect([answer.status, answer.headers.get('retry-after'), answer.headers.get('content-type')]).toEqual([
          503,
          '2',
          expect.stringContaining('application/problem+json'),
        ]);
        expect(await answer.json()).toMatchObject({
          title: 'Service unavailable',
          detail: expect.stringMatching(/timeout/),
        });
      }

      // Released, the same requests go through: nothing was half-stored.
      const again = await fetch(`${ingestUrl}/v1/articles`, {
        method: 'POST',
        body: JSON.stringify({ source: 'locks', externalId: 'during-0', title: 'Ferry halts' }),
        headers: { 'content-type': 'application/json' },
      });
      expect([again.status, ((await again.json()) as { duplicate: boolean }).duplicate]).toEqual([202, false]);
      expect((await fetch(`${queryUrl}/v1/articles/${id}`)).status).toBe(200);
    });
  });

  describe('without lock_timeout, with statement_timeout', () => {
    let env: TestEnvironment;
    let query: INestApplication;
    let queryUrl: string;

    beforeAll(async () => {
      env = await createTestEnvironment('db_statement_timeout', {
        HTTP_LOCK_TIMEOUT_MS: '0',
        HTTP_STATEMENT_TIMEOUT_MS: '400',
      });
      query = await createQueryApp(env.config);
      await query.listen(0, '127.0.0.1');
      queryUrl = await query.getUrl();
    });

    afterAll(async () => {
      await query?.close();
      await env?.teardown();
    });

    it('answers 503 with Retry-After once a statement has run past the timeout', async () => {
      const lock = await lockArticles(env.config.DATABASE_URL);
      let answer: Response;
      try {
        answer = await fetch(`${queryUrl}/v1/articles`);
      } finally {
        await release(lock);
      }
      expect([answer.status, answer.headers.get('retry-after')]).toEqual([503, '2']);
      expect((await fetch(`${queryUrl}/v1/articles`)).status).toBe(200);
    });
  });
});
