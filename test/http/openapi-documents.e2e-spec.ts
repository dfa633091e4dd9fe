import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import {
  DOCUMENTED_SERVICES,
  DocumentedService,
  documentPath,
  documentText,
  fetchServedDocument,
} from '../../tools/openapi/served-documents';
import { HttpApps, listenHttpApps } from '../support/http-apps';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

const ROOT = join(__dirname, '..', '..');
const SERVICES = Object.keys(DOCUMENTED_SERVICES) as DocumentedService[];
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/**
 * A client written against types generated from the committed documents (openapi-typescript), as a consumer would
 * write one: it must compile, with the named schemas where the routes say they are.
 */
const CLIENT = `
import type { components as Ingest, paths as IngestPaths } from './ingest';
import type { components as Query, paths as QueryPaths } from './query';

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
type StoryView = Json<QueryPaths['/v1/stories/{id}']['get']['responses'][200]>;
type SearchPage = Json<QueryPaths['/v1/search']['get']['responses'][200]>;
type Accepted = Json<IngestPaths['/v1/articles']['post']['responses'][202]>;

async function get<T>(base: string, path: string, etag?: string): Promise<T | 'not-modified'> {
  const res = await fetch(base + path, { headers: etag ? { 'if-none-match': etag } : {} });
  if (res.status === 304) return 'not-modified';
  if (!res.ok) throw new Error(((await res.json()) as Query['schemas']['Problem']).title);
  return (await res.json()) as T;
}

export async function headlines(base: string, id: string): Promise<string[]> {
  const story = await get<StoryView>(base, '/v1/stories/' + id);
  if (story === 'not-modified') return [];
  const canonical: Query['schemas']['StoryArticle'][] = story.articles.filter((a) => a.canonicalId === null);
  const top: Query['schemas']['StoryEntity'] | undefined = story.entities[0];
  return [story.title ?? '', ...canonical.map((a) => a.title ?? ''), top ? top.name + ' ' + top.salience : ''];
}

export async function snippets(base: string): Promise<string[]> {
  const page = await get<SearchPage>(base, '/v1/search?q=dam');
  if (page === 'not-modified') return [];
  const cursor: string | null = page.nextCursor;
  return page.items.map((s) => (s.match ? s.match.article.snippet : '') + (cursor ?? ''));
}

export function located(accepted: Accepted, batch: Ingest['schemas']['ArticleBatchResults']): string[] {
  return [
    accepted.location,
    ...batch.results.map((r) => ('error' in r ? r.error.type : r.id)),
  ];
}
`;

/**
 * The OpenAPI documents are committed (openapi/<service>.json, written by npm run openapi): here each is compared
 * with the document the started service serves over HTTP, checked for what clients rely on, and a client generated
 * from them is compiled.
 */
describe('OpenAPI documents', () => {
  let env: TestEnvironment;
  let apps: HttpApps;
  const served: Record<string, any> = {};

  beforeAll(async () => {
    env = await createTestEnvironment('openapi_documents');
    apps = await listenHttpApps(env.config);
    served.ingest = await fetchServedDocument(apps.ingestUrl);
    served.query = await fetchServedDocument(apps.queryUrl);
  });

  afterAll(async () => {
    await apps?.close();
    await env?.teardown();
  });

  const operations = (document: any) =>
    Object.entries(document.paths as Record<string, any>).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, operation]: [string, any]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
    );

  it.each(SERVICES)(
    'the committed openapi/%s.json is the document the service serves (npm run openapi)',
    async (service) => {
      const committed = await readFile(documentPath(ROOT, service), 'utf8');
      expect(documentText(served[service])).toBe(committed);
    },
  );

  it.each(SERVICES)('every operation of %s has a summary and a schema for each response with a body', (service) => {
    const gaps: string[] = [];
    for (const { route, operation } of operations(served[service])) {
      if (!operation.summary) gaps.push(`${route}: no summary`);
      for (const [status, response] of Object.entries(operation.responses as Record<string, any>)) {
        if (status === '204' || status === '304') continue;
        const media = Object.values(response.content ?? {}) as any[];
        if (!media.length || media.some((m) => !m.schema?.$ref)) gaps.push(`${route} ${status}: no named schema`);
      }
    }
    expect(gaps).toEqual([]);
  });

  it('every reference resolves, in both documents', () => {
    for (const service of SERVICES) {
      const refs = JSON.stringify(served[service]).match(/"\$ref":"[^"]+"/g) ?? [];
      const missing = refs
        .map((ref) => ref.slice('"$ref":"#/'.length, -1).split('/'))
        .filter((path) => path.reduce((node: any, key) => node?.[key], served[service]) === undefined);
      expect({ service, missing }).toEqual({ service, missing: [] });
    }
  });

  it('ingest lists Idempotency-Key once, optional, and every text/plain parameter', () => {
    const submit = served.ingest.paths['/v1/articles'].post;
    const headers = submit.parameters.filter((p: any) => p.in === 'header');
    expect(headers).toEqual([expect.objectContaining({ name: 'Idempotency-Key', required: false })]);
    const query = submit.parameters.filter((p: any) => p.in === 'query').map((p: any) => p.name);
    expect(query.sort()).toEqual(['externalId', 'language', 'publishedAt', 'source', 'url']);
    expect(submit.requestBody.content['text/plain'].schema).toEqual({ type: 'string' });
    const batch = served.ingest.paths['/v1/articles/batch'].post;
    expect(batch.parameters.filter((p: any) => p.in === 'header')).toEqual([
      expect.objectContaining({ name: 'Idempotency-Key', required: false }),
    ]);
  });

  it('detail routes document ETag, If-None-Match and 304; errors are problem details', () => {
    for (const path of ['/v1/stories/{id}', '/v1/articles/{id}', '/v1/entities/{id}', '/v1/webhooks/{id}']) {
      const get = served.query.paths[path].get;
      expect(get.parameters).toContainEqual(expect.objectContaining({ in: 'header', name: 'If-None-Match' }));
      expect(Object.keys(get.responses[200].headers)).toEqual(expect.arrayContaining(['ETag', 'X-Request-Id']));
      expect(get.responses[304]).toBeDefined();
      expect(get.responses[404].content['application/problem+json'].schema).toEqual({
        $ref: '#/components/schemas/Problem',
      });
    }
  });

  it('a client generated from the committed documents with openapi-typescript compiles', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'storyline-client-'));
    try {
      const cli = join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
      for (const service of SERVICES) {
        await promisify(execFile)(process.execPath, [
          cli,
          documentPath(ROOT, service),
          '-o',
          join(dir, `${service}.ts`),
        ]);
      }
      await writeFile(join(dir, 'client.ts'), CLIENT);
      const program = ts.createProgram([join(dir, 'client.ts')], {
        strict: true,
        noEmit: true,
        noUnusedLocals: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
        types: [],
      });
      const problems = ts
        .getPreEmitDiagnostics(program)
        .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      expect(problems).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
