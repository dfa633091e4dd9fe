import { AppProcess } from '../support/app-process';
import { createTestEnvironment, TestEnvironment, waitUntil } from '../support/test-environment';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * Every response carries X-Request-Id — the one the client sent when it is sane, else a new one — and the
 * request's log line carries the same id. The query service runs in a process of its own at LOG_LEVEL=info, so
 * its request log is read as an operator would read it.
 */
describe('request ids', () => {
  let env: TestEnvironment;
  let query: AppProcess;

  beforeAll(async () => {
    env = await createTestEnvironment('request_ids');
    query = await AppProcess.start('query', env.config);
  });

  afterAll(async () => {
    await query?.stop();
    await env?.teardown();
  });

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${query.url}${path}`, { headers });
    await res.arrayBuffer();
    return { status: res.status, id: res.headers.get('x-request-id') };
  };

  /** The request log line of the request with this id (pino-http's `req.id`). */
  const logLineOf = (id: string) =>
    waitUntil(
      async () =>
        query.output
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line))
          .find((entry) => entry.req?.id === id),
      { timeoutMs: 5000, what: `a log line of request ${id}` },
    );

  it('echoes a sane X-Request-Id, on answers and refusals alike, and logs the request under it', async () => {
    const answered = await get('/v1/stories', { 'x-request-id': 'edge-7f3a:42' });
    expect(answered).toEqual({ status: 200, id: 'edge-7f3a:42' });
    expect(await logLineOf('edge-7f3a:42')).toMatchObject({ req: { url: '/v1/stories' }, res: { statusCode: 200 } });
    expect(await get('/v1/stories/00000000-0000-4000-8000-000000000000', { 'x-request-id': 'r-404' })).toEqual({
      status: 404,
      id: 'r-404',
    });
    expect(await get('/v1/stories?limit=x', { 'x-request-id': 'r-400' })).toEqual({ status: 400, id: 'r-400' });
    // Refused before any route runs (a NUL in the target), and on a path that names no route.
    expect(await get('/v1/stories?source=%00', { 'x-request-id': 'r-nul' })).toEqual({ status: 400, id: 'r-nul' });
    expect(await get('/nowhere', { 'x-request-id': 'r-none' })).toEqual({ status: 404, id: 'r-none' });
    expect((await get('/health', { 'x-request-id': 'r-health' })).id).toBe('r-health');
  });

  it('generates a UUID when none is sent or the one sent is not sane, and logs that one', async () => {
    const generated = await get('/v1/stories');
    expect(generated.id).toMatch(UUID);
    expect(await logLineOf(generated.id!)).toMatchObject({ req: { url: '/v1/stories' } });
    expect((await get('/v1/stories')).id).not.toBe(generated.id);
    // 'first, second' is what a repeated header reaches the service as.
    for (const insane of ['two words', 'x'.repeat(129), 'first, second']) {
      const answer = await get('/v1/stories', { 'x-request-id': insane });
      expect([insane, answer.id]).toEqual([insane, expect.stringMatching(UUID)]);
    }
  });
});
