import { QueueName } from '@storyline/contracts';
import { IngestClient } from '../../tools/cli/stack/ingest-client';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';
import { HttpApps, listenHttpApps } from '../support/http-apps';

const KEYS = ['harbour-key-0123456789', 'rotated-key-9876543210'];

/** With API_KEYS set, ingest and query serve /v1 only to callers with one of the keys; probes and docs stay open. */
describe('API keys', () => {
  let env: TestEnvironment;
  let apps: HttpApps;
  let ingestUrl: string;
  let queryUrl: string;

  beforeAll(async () => {
    env = await createTestEnvironment('api_keys', { API_KEYS: KEYS.join(',') });
    apps = await listenHttpApps(env.config);
    ({ ingestUrl, queryUrl } = apps);
  });

  afterAll(async () => {
    await apps?.close();
    await env?.teardown();
  });

  const submit = (headers: Record<string, string>) =>
    fetch(`${ingestUrl}/v1/articles`, {
      method: 'POST',
      body: JSON.stringify({ source: 'wire', externalId: `k-${Math.random()}`, title: 'Ferry timetable changes' }),
      headers: { 'content-type': 'application/json', ...headers },
    });

  it('refuses a request without a key, or with a wrong one, with 401 problem+json', async () => {
    const none = await submit({});
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await none.json()).toMatchObject({ status: 401, detail: 'send Authorization: Bearer <API key>' });
    const wrong = await submit({ authorization: 'Bearer not-a-key-of-this-service' });
    expect(wrong.status).toBe(401);
    expect((await fetch(`${queryUrl}/v1/stories`)).status).toBe(401);
    expect((await fetch(`${queryUrl}/v1/webhooks`)).status).toBe(401);
  });

  it('serves a request with any of the keys', async () => {
    expect((await submit({ authorization: `Bearer ${KEYS[0]}` })).status).toBe(202);
    expect((await submit({ authorization: `bearer ${KEYS[1]}` })).status).toBe(202);
    const stories = await fetch(`${queryUrl}/v1/stories`, { headers: { authorization: `Bearer ${KEYS[1]}` } });
    expect(stories.status).toBe(200);
  });

  it('keeps health probes and the API documents open', async () => {
    for (const base of [ingestUrl, queryUrl]) {
      expect((await fetch(`${base}/health`)).status).toBe(200);
      expect((await fetch(`${base}/health/ready`)).status).toBe(200);
      expect((await fetch(`${base}/docs/openapi.json`)).status).toBe(200);
    }
  });

  it('counts refused requests in the HTTP metrics, by the route they were refused on', async () => {
    await submit({});
    await fetch(`${ingestUrl}/v1/articles`, {
      method: 'POST',
      body: '{"source":',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS[0]}` },
    });
    await fetch(`${ingestUrl}/v1/no-such-route`);
    const text = await (await fetch(`${ingestUrl}/metrics`)).text();
    const count = (labels: string) =>
      Number(new RegExp(`^storyline_http_requests_total\\{${labels}[^}]*\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    expect(count('method="POST",route="/v1/articles",status="401"')).toBeGreaterThan(0);
    // Bodies are read after routing and the guard: malformed JSON counts under its route.
    expect(count('method="POST",route="/v1/articles",status="400"')).toBeGreaterThan(0);
    expect(count('method="GET",route="unmatched",status="404"')).toBeGreaterThan(0);
  });

  it('serves the queue dashboard with a key, as a Bearer token or a Basic password a browser asks for', async () => {
    const none = await fetch(`${queryUrl}/queues`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    const basic = (password: string) => `Basic ${Buffer.from(`operator:${password}`).toString('base64')}`;
    expect((await fetch(`${queryUrl}/queues`, { headers: { authorization: basic('wrong') } })).status).toBe(401);
    const page = await fetch(`${queryUrl}/queues`, { headers: { authorization: basic(KEYS[1]) } });
    expect([page.status, page.headers.get('content-type')]).toEqual([200, expect.stringContaining('text/html')]);
    const api = await fetch(`${queryUrl}/queues/api/queues`, { headers: { authorization: `Bearer ${KEYS[0]}` } });
    expect(api.status).toBe(200);
    const { queues } = (await api.json()) as { queues: { name: string; readOnlyMode: boolean }[] };
    expect(queues.map((q) => q.name).sort()).toEqual(Object.values(QueueName).sort());
    expect(queues.every((q) => q.readOnlyMode)).toBe(true);
  });

  it('lets the CLI ingest client post with a key', async () => {
    const client = new IngestClient({ url: ingestUrl, apiKey: KEYS[0], retryForMs: 0 });
    const [result] = await client.postBatch([{ source: 'wire', externalId: 'cli-1', title: 'Pier lights restored' }]);
    expect(result).toMatchObject({ index: 0, status: 'received' });
    await expect(new IngestClient({ url: ingestUrl, retryForMs: 0 }).postBatch([{ title: 'x' }])).rejects.toThrow(
      /401/,
    );
  });
});
