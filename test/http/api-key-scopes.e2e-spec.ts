import { INestApplication } from '@nestjs/common';
import { request as httpRequest } from 'node:http';
import { DataSource } from 'typeorm';
import { ApiKeyAuthenticator, ApiKeyRegistry } from '@storyline/access';
import type { ApiKeyScope } from '@storyline/contracts';
import { createDataSource } from '@storyline/database';
import { createIngestApp } from '../../apps/ingest/src/ingest-app';
import { createQueryApp } from '../../apps/query/src/query-app';
import { createTestEnvironment, TestEnvironment, waitUntil } from '../support/test-environment';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

interface Route {
  service: 'ingest' | 'query';
  method: string;
  path: string;
  body?: unknown;
  scope: ApiKeyScope;
  /** What a key with the scope gets (a validation error or a 404 shows it was let through). */
  allowed: number;
}

/** A representative route of each kind on each service. */
const ROUTES: Route[] = [
  {
    service: 'ingest',
    method: 'POST',
    path: '/v1/articles',
    body: { title: 'Harbour reopens' },
    scope: 'ingest',
    allowed: 202,
  },
  {
    service: 'ingest',
    method: 'POST',
    path: '/v1/articles/batch',
    body: { articles: [{ title: 'Ferry resumes' }] },
    scope: 'ingest',
    allowed: 202,
  },
  { service: 'ingest', method: 'POST', path: `/v1/articles/${UNKNOWN_ID}/retry`, scope: 'admin', allowed: 404 },
  { service: 'query', method: 'GET', path: '/v1/stories', scope: 'read', allowed: 200 },
  { service: 'query', method: 'GET', path: `/v1/articles/${UNKNOWN_ID}`, scope: 'read', allowed: 404 },
  { service: 'query', method: 'GET', path: '/v1/entities?q=kyiv', scope: 'read', allowed: 200 },
  { service: 'query', method: 'GET', path: '/v1/webhooks', scope: 'admin', allowed: 200 },
  { service: 'query', method: 'POST', path: '/v1/webhooks', body: {}, scope: 'admin', allowed: 400 },
  { service: 'query', method: 'GET', path: '/queues/api/queues', scope: 'admin', allowed: 200 },
];

/** Sends the headers and the first bytes of a 1 MiB body, never the rest: an answer means the body was not awaited. */
function answerBeforeBody(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      agent: false,
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(1024 * 1024) },
    });
    req.on('response', (res) => {
      res.resume();
      req.destroy();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    req.write('{"url":"https://example.com/hooks/');
  });
}

/**
 * Stored keys with scopes against the real services: 401 without a valid key, 403 with a key that lacks the route's
 * scope (admin implies the others), expiry, revocation, and a service that is open only while no key exists at all.
 */
describe('API key scopes', () => {
  let env: TestEnvironment;
  let db: DataSource;
  let registry: ApiKeyRegistry;
  let apps: INestApplication[] = [];
  const urls = { ingest: '', query: '' };
  const keys: Record<string, string> = {};

  const start = async (environment: TestEnvironment) => {
    apps = await Promise.all([createIngestApp(environment.config), createQueryApp(environment.config)]);
    await Promise.all(apps.map((app) => app.listen(0, '127.0.0.1')));
    [urls.ingest, urls.query] = await Promise.all(apps.map((app) => app.getUrl()));
  };

  const call = async (route: Route, key?: string) => {
    const res = await fetch(`${urls[route.service]}${route.path}`, {
      method: route.method,
      body: route.body === undefined ? undefined : JSON.stringify(route.body),
      headers: {
        ...(route.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type'), body: text ? JSON.parse(text) : null };
  };

  afterEach(async () => {
    await Promise.all(apps.map((app) => app.close()));
    apps = [];
    await db?.destroy();
    await env?.teardown();
  });

  describe('with stored keys', () => {
    beforeEach(async () => {
      env = await createTestEnvironment('api_key_scopes', { API_KEY_CACHE_MS: '100' });
      db = await createDataSource({ url: env.config.DATABASE_URL, poolSize: 2 }).initialize();
      registry = new ApiKeyRegistry(db);
      const make = async (name: string, scopes: ApiKeyScope[], expiresAt?: Date) =>
        (keys[name] = (await registry.create({ name, scopes, expiresAt })).key);
      await make('crawler', ['ingest']);
      await make('reader', ['read']);
      await make('operator', ['admin']);
      await make('crawler-and-reader', ['ingest', 'read']);
      await make('expired', ['admin'], new Date(Date.now() - 60_000));
      await start(env);
    });

    it('lets each key use exactly the routes its scopes name, answering the others 403 problem+json', async () => {
      const holders: Record<string, ApiKeyScope[]> = {
        crawler: ['ingest'],
        reader: ['read'],
        operator: ['admin'],
        'crawler-and-reader': ['ingest', 'read'],
      };
      const answers: string[] = [];
      const expected: string[] = [];
      for (const route of ROUTES) {
        for (const [name, scopes] of Object.entries(holders)) {
          const granted = scopes.includes('admin') || scopes.includes(route.scope);
          const { status, type, body } = await call(route, keys[name]);
          answers.push(`${name} ${route.method} ${route.path}: ${status}`);
          expected.push(`${name} ${route.method} ${route.path}: ${granted ? route.allowed : 403}`);
          if (!granted) {
            expect(type).toContain('application/problem+json');
            expect(body).toMatchObject({
              type: 'https://storyline.dev/problems/forbidden',
              status: 403,
              requiredScope: route.scope,
            });
          }
        }
      }
      expect(answers).toEqual(expected);
    });

    it('answers 401 problem+json without a key, with an unknown, expired or revoked one', async () => {
      const revoked = (await registry.create({ name: 'revoked', scopes: ['admin'] })).key;
      const record = (await registry.list()).find((k) => k.name === 'revoked')!;
      expect(await registry.revoke(record.id)).toBe('revoked');
      expect(await registry.revoke(record.id)).toBe('already-revoked');
      for (const route of ROUTES) {
        for (const [key, detail] of [
          [undefined, 'send Authorization: Bearer <API key>'],
          ['sl_thisKeyWasNeverMadeByAnyoneAtAllReally0123', 'the API key is not one this service accepts'],
          [keys.expired, 'the API key has expired'],
          [revoked, 'the API key was revoked'],
        ] as const) {
          const answer = await call(route, key);
          expect([route.path, answer.status, answer.type, answer.body?.detail]).toEqual([
            route.path,
            401,
            expect.stringContaining('application/problem+json'),
            route.path.startsWith('/queues') ? expect.any(String) : detail,
          ]);
        }
      }
    });

    it('refuses a key without the scope before reading the body', async () => {
      expect(await answerBeforeBody(`${urls.query}/v1/webhooks`, { authorization: `Bearer ${keys.crawler}` })).toBe(
        403,
      );
      expect(await answerBeforeBody(`${urls.ingest}/v1/articles`, { authorization: `Bearer ${keys.reader}` })).toBe(
        403,
      );
      expect(await answerBeforeBody(`${urls.ingest}/v1/articles`, {})).toBe(401);
    });

    it('refuses a revoked key within API_KEY_CACHE_MS, on the API and the dashboard', async () => {
      const stories = ROUTES.find((r) => r.path === '/v1/stories')!;
      const dashboard = ROUTES.find((r) => r.path === '/queues/api/queues')!;
      expect((await call(stories, keys.operator)).status).toBe(200);
      expect((await call(dashboard, keys.operator)).status).toBe(200);
      const id = (await registry.list()).find((k) => k.name === 'operator')!.id;
      await registry.revoke(id);
      await waitUntil(async () => (await call(stories, keys.operator)).status === 401, {
        what: 'the revoked key refused',
      });
      expect((await call(dashboard, keys.operator)).status).toBe(401);
    });

    it('keeps health probes, metrics and the API documents open, and publishes each route’s scope', async () => {
      for (const base of [urls.ingest, urls.query]) {
        for (const path of ['/health', '/health/ready', '/metrics', '/docs/openapi.json']) {
          expect([path, (await fetch(`${base}${path}`)).status]).toEqual([path, 200]);
        }
      }
      const document = (await (await fetch(`${urls.query}/docs/openapi.json`)).json()) as any;
      expect(document.paths['/v1/stories'].get).toMatchObject({
        security: [{ bearer: [] }],
        'x-required-scope': 'read',
      });
      expect(document.paths['/v1/webhooks'].post['x-required-scope']).toBe('admin');
      const ingestDocument = (await (await fetch(`${urls.ingest}/docs/openapi.json`)).json()) as any;
      expect(ingestDocument.paths['/v1/articles'].post['x-required-scope']).toBe('ingest');
      expect(ingestDocument.paths['/v1/articles/{id}/retry'].post['x-required-scope']).toBe('admin');
    });
  });

  describe('without any key', () => {
    beforeEach(async () => {
      env = await createTestEnvironment('api_key_open', { API_KEY_CACHE_MS: '100' });
      db = await createDataSource({ url: env.config.DATABASE_URL, poolSize: 2 }).initialize();
      registry = new ApiKeyRegistry(db);
      await start(env);
    });

    it('is open until the first key is stored, and stays closed once every key is revoked', async () => {
      for (const route of ROUTES) expect([route.path, (await call(route)).status]).toEqual([route.path, route.allowed]);
      const { key, record } = await registry.create({ name: 'first', scopes: ['read'] });
      const stories = ROUTES.find((r) => r.path === '/v1/stories')!;
      await waitUntil(async () => (await call(stories)).status === 401, { what: 'the first key enforced' });
      expect((await call(stories, key)).status).toBe(200);
      await registry.revoke(record.id);
      await waitUntil(async () => (await call(stories, key)).status === 401, { what: 'the revoked key refused' });
      expect((await call(stories)).status).toBe(401);
    });
  });
});

/** The cache of stored keys, on a clock of the test's own. */
describe('ApiKeyAuthenticator', () => {
  let env: TestEnvironment;
  let db: DataSource;
  let registry: ApiKeyRegistry;
  let clock = 0;

  beforeAll(async () => {
    env = await createTestEnvironment('api_key_cache');
    db = await createDataSource({ url: env.config.DATABASE_URL, poolSize: 2 }).initialize();
    registry = new ApiKeyRegistry(db);
  });

  afterAll(async () => {
    await db?.destroy();
    await env?.teardown();
  });

  beforeEach(() => (clock = Date.now()));

  it('remembers a stored key for its cache time: a revocation is seen once that has passed', async () => {
    const authenticator = new ApiKeyAuthenticator([], db, 5000, () => clock);
    const { key, record } = await registry.create({ name: 'wire desk', scopes: ['ingest', 'read'] });
    expect(await authenticator.authenticate(key)).toEqual({
      outcome: 'caller',
      caller: { id: record.id, name: 'wire desk', scopes: ['ingest', 'read'] },
    });
    await registry.revoke(record.id);
    expect((await authenticator.authenticate(key)).outcome).toBe('caller');
    clock += 5001;
    expect(await authenticator.authenticate(key)).toEqual({ outcome: 'refused', reason: 'revoked' });
  });

  it('ends a remembered key at its expiry, not at the end of its cache time', async () => {
    const authenticator = new ApiKeyAuthenticator([], db, 60_000, () => clock);
    const { key } = await registry.create({ name: 'trial', scopes: ['read'], expiresAt: new Date(clock + 1000) });
    expect((await authenticator.authenticate(key)).outcome).toBe('caller');
    clock += 1000;
    expect(await authenticator.authenticate(key)).toEqual({ outcome: 'refused', reason: 'expired' });
  });

  it('takes API_KEYS as admin keys without the database', async () => {
    const closed = createDataSource({ url: env.config.DATABASE_URL });
    const authenticator = new ApiKeyAuthenticator(['bootstrap-key-0123456789'], closed, 5000, () => clock);
    expect(await authenticator.authenticate('bootstrap-key-0123456789')).toEqual({
      outcome: 'caller',
      caller: { id: 'API_KEYS#1', name: 'API_KEYS', scopes: ['admin'] },
    });
    expect(await authenticator.authenticate(undefined)).toEqual({ outcome: 'refused', reason: 'missing' });
  });
});
