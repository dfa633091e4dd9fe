import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';
import { HttpApps, listenHttpApps } from '../support/http-apps';

interface Operation {
  base: string;
  method: string;
  path: string;
  query: string[];
  bodyFields: string[] | undefined;
}

/** Every operation of a service, as its OpenAPI document lists them: a route added later is covered too. */
async function operationsOf(base: string): Promise<Operation[]> {
  const document = (await (await fetch(`${base}/docs/openapi.json`)).json()) as {
    paths: Record<string, Record<string, any>>;
  };
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      base,
      method: method.toUpperCase(),
      path,
      query: ((operation.parameters ?? []) as { in: string; name: string }[])
        .filter((p) => p.in === 'query')
        .map((p) => p.name),
      bodyFields: operation.requestBody
        ? Object.keys(
            (Object.values(operation.requestBody.content ?? {})[0] as any)?.schema?.properties?.articles
              ? { articles: true }
              : ((Object.values(operation.requestBody.content ?? {})[0] as any)?.schema?.properties ?? {}),
          )
        : undefined,
    })),
  );
}

// Text as clients get it wrong: NUL, lone surrogates, controls, long runs, numbers in other notations.
const trickyText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({
    unit: fc.constantFrom('a', '\u0000', '\ud800', '\udfff', '😀', '%', '&', '=', '+', '#', ' ', '\u202e', 'é', '"'),
    maxLength: 10,
  }),
  fc.constantFrom('0x10', '1e2', '-1', '0', '', ' 5', '5 ', '9'.repeat(30), 'NaN', 'Infinity', '[]', '{}'),
  fc.uuid().map(String),
  fc.constantFrom('done', 'failed', 'PERSON', 'pending', '2031-03-03T10:00:00Z'),
);

/**
 * Percent-encodes as a careless client might: UTF-8 for text, the three bytes a lone surrogate would take
 * (which are not UTF-8), and sometimes raw bad escapes.
 */
const encodeLoosely = (text: string): string =>
  Array.from(text)
    .map((c) => {
      const code = c.charCodeAt(0);
      if (c.length === 1 && code >= 0xd800 && code <= 0xdfff) {
        return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
          .map((b) => `%${b.toString(16).toUpperCase()}`)
          .join('');
      }
      return encodeURIComponent(c);
    })
    .join('');
const encodedText = fc.oneof(
  { weight: 6, arbitrary: trickyText.map(encodeLoosely) },
  { weight: 1, arbitrary: fc.constantFrom('%zz', '%', '%FF', '%C0%80', '%00', '%E2%82') },
);

/**
 * Whether every part of a request target is percent-encoded UTF-8 without NUL — checked on the bytes, not the
 * way the services check it.
 */
function readable(target: string): boolean {
  const [path, query = ''] = target.split(/\?(.*)/s);
  return [path, ...query.split(/[&=]/)].every((part) => {
    const bytes: number[] = [];
    for (let i = 0; i < part.length; i++) {
      if (part[i] !== '%') {
        bytes.push(...Buffer.from(part[i]));
        continue;
      }
      const hex = part.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return false;
      bytes.push(parseInt(hex, 16));
      i += 2;
    }
    if (bytes.includes(0)) return false;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
      return true;
    } catch {
      return false;
    }
  });
}

const jsonBody = (fields: string[]) =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.dictionary(
      fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...(fields.length ? fields : ['x'])) }, trickyText),
      fc.oneof(
        trickyText,
        fc.jsonValue({ maxDepth: 3 }),
        // A webhook URL that is valid and resolves without DNS: the test never depends on the network.
        fc.constant('http://127.0.0.1:9/hook'),
        fc.array(fc.oneof(trickyText, fc.jsonValue({ maxDepth: 2 })), { maxLength: 3 }),
      ),
      { maxKeys: 6 },
    ),
  );

/**
 * Every route of ingest and query, with arbitrary query parameters (declared and not), path parameters and
 * bodies: never a 5xx. Parameters a route does not declare, and NUL or non-UTF-8 text anywhere in the target,
 * are a 400 problem+json naming them.
 */
describe('every route, any parameters and bodies', () => {
  let env: TestEnvironment;
  let apps: HttpApps;
  let ingestUrl: string;
  let queryUrl: string;
  let operations: Operation[];
  let subscriptionId: string;
  let articleId: string;

  beforeAll(async () => {
    env = await createTestEnvironment('parameters');
    apps = await listenHttpApps(env.config);
    ({ ingestUrl, queryUrl } = apps);
    operations = [...(await operationsOf(ingestUrl)), ...(await operationsOf(queryUrl))];
    const created = await fetch(`${queryUrl}/v1/webhooks`, {
      method: 'POST',
      body: JSON.stringify({ url: 'http://127.0.0.1:9/hook' }),
      headers: { 'content-type': 'application/json' },
    });
    subscriptionId = ((await created.json()) as { id: string }).id;
    const posted = await fetch(`${ingestUrl}/v1/articles`, {
      method: 'POST',
      body: JSON.stringify({ source: 'params', externalId: 'p-1', title: 'Ferry timetable changes' }),
      headers: { 'content-type': 'application/json' },
    });
    articleId = ((await posted.json()) as { id: string }).id;
  });

  afterAll(async () => {
    await apps?.close();
    await env?.teardown();
  });

  it('finds the routes of both services', () => {
    const names = operations.map((o) => `${o.method} ${o.path}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'POST /v1/articles',
        'POST /v1/articles/batch',
        'GET /v1/stories',
        'GET /v1/stories/{id}/articles',
        'GET /v1/entities',
        'PATCH /v1/webhooks/{id}',
        'POST /v1/webhooks/{id}/redeliver',
      ]),
    );
  });

  it('never answers 5xx, and refuses undeclared parameters and unreadable text with 400', async () => {
    const fields = [...new Set(operations.flatMap((o) => o.bodyFields ?? []))];
    const request = fc.record({
      operation: fc.nat(),
      declared: fc.array(fc.tuple(fc.nat(20), encodedText), { maxLength: 4 }),
      undeclared: fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), encodedText), { maxLength: 2 }),
      id: fc.oneof(fc.constant('real'), fc.uuid().map(String), encodedText),
      body: fc.option(
        fc.record({
          kind: fc.constantFrom('json', 'json', 'json', 'text', 'html', 'xml', 'broken'),
          value: jsonBody(fields),
          extra: fc.jsonValue({ maxDepth: 2 }),
        }),
      ),
    });
    await fc.assert(
      fc.asyncProperty(request, fc.context(), async (r, log) => {
        const op = operations[r.operation % operations.length];
        const undeclared = r.undeclared.filter(([name]) => !op.query.includes(name) && name.trim() !== '');
        const params = [
          ...r.declared.filter(() => op.query.length).map(([i, value]) => `${op.query[i % op.query.length]}=${value}`),
          ...undeclared.map(([name, value]) => `${encodeLoosely(name)}=${value}`),
        ];
        const realId = op.path.startsWith('/v1/webhooks') ? subscriptionId : articleId;
        // DELETE of the real subscription would leave every later request a 404.
        const id = r.id === 'real' ? (op.method === 'DELETE' ? randomUUID() : realId) : r.id;
        const target = `${op.path.replace('{id}', id)}${params.length ? `?${params.join('&')}` : ''}`;
        let body: string | undefined;
        let type: string | undefined;
        if (r.body && op.method !== 'GET') {
          const { kind, value, extra } = r.body;
          const sent = op.bodyFields?.[0] === 'articles' ? { articles: [value, extra] } : value;
          body = kind === 'text' || kind === 'html' ? String(extra) : JSON.stringify(sent);
          if (kind === 'broken') body = body.slice(0, -1);
          const types: Record<string, string> = { text: 'text/plain', html: 'text/html', xml: 'application/xml' };
          type = types[kind] ?? 'application/json';
        }
        log.log(`${op.method} ${target} ${type ?? ''} ${body?.slice(0, 200) ?? ''}`);
        const res = await fetch(`${op.base}${target}`, {
          method: op.method,
          body,
          headers: type ? { 'content-type': type } : {},
        });
        // GET /v1/stream answers a stream that never ends: its status and headers are the answer.
        const streaming = res.headers.get('content-type')?.startsWith('text/event-stream');
        const text = streaming ? (await res.body?.cancel(), '') : await res.text();
        log.log(`→ ${res.status} ${text.slice(0, 300)}`);
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) expect(res.headers.get('content-type')).toContain('application/problem+json');
        const unreadable = !readable(target);
        if (unreadable) expect(res.status).toBe(400);
        // A route that matched (its id a UUID or the real one) refuses what it does not declare, by name.
        const matched = r.id === 'real' || /^[0-9a-f-]{36}$/.test(r.id) || !op.path.includes('{id}');
        if (undeclared.length && op.method === 'GET' && matched && !unreadable) {
          expect(res.status).toBe(400);
          expect(text).toContain(JSON.stringify(undeclared[0][0]).slice(1, -1));
        }
      }),
      { seed: 24, numRuns: 600 },
    );
  });

  it.each([
    ['/v1/stories?sort=new', 'sort'],
    ['/v1/search?q=ferry&sort=new', 'sort'],
    ['/v1/stories?limit=0x10', 'limit'],
    ['/v1/stories?limit=1e2', 'limit'],
    ['/v1/stories?limit=5&limit=6', 'limit'],
    ['/v1/articles?source=a%00b', 'source'],
    ['/v1/entities?q=ab%00cd', 'q'],
    ['/v1/entities?q=%ED%A0%80', 'q'],
    ['/v1/entities?q=%FF', 'q'],
    ['/v1/webhooks?limit=5', 'limit'],
    ['/v1/stream?since=5', 'since'],
    ['/v1/stream?sources=a&sources=b', 'sources'],
    ['/health?verbose=1', 'verbose'],
  ])('answers GET %s with 400 naming %s', async (path, name) => {
    const res = await fetch(`${queryUrl}${path}`);
    expect([res.status, res.headers.get('content-type')]).toEqual([400, expect.stringContaining('problem+json')]);
    const problem = (await res.json()) as { detail: string };
    expect(problem.detail).toContain(name);
  });

  it('refuses query parameters on ingest routes that take none, and NUL in a path', async () => {
    const batch = await fetch(`${ingestUrl}/v1/articles/batch?source=wire`, {
      method: 'POST',
      body: JSON.stringify({ articles: [{ body: 'x' }] }),
      headers: { 'content-type': 'application/json' },
    });
    expect([batch.status, ((await batch.json()) as { detail: string }).detail]).toEqual([
      400,
      expect.stringContaining('source'),
    ]);
    const nul = await fetch(`${queryUrl}/v1/stories/%00`);
    expect([nul.status, ((await nul.json()) as { detail: string }).detail]).toEqual([400, 'the path holds NUL']);
  });
});
