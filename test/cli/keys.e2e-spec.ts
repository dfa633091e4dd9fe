import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestEnvironment, TestEnvironment, waitUntil } from '../support/test-environment';
import { HttpApps, listenHttpApps } from '../support/http-apps';

const ROOT = join(__dirname, '..', '..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `storyline keys` as an operator runs it: the CLI in a process of its own (from the TypeScript sources), against
 * the stack's Postgres, and the keys it makes used on the real services.
 */
describe('cli keys', () => {
  let env: TestEnvironment;
  let apps: HttpApps;
  let ingestUrl: string;
  let queryUrl: string;

  beforeAll(async () => {
    env = await createTestEnvironment('cli_keys', { API_KEY_CACHE_MS: '100' });
    apps = await listenHttpApps(env.config);
    ({ ingestUrl, queryUrl } = apps);
  });

  afterAll(async () => {
    await apps?.close();
    await env?.teardown();
  });

  const cli = (...args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        ['--require', join(ROOT, 'test', 'support', 'ts-register.cjs'), join(ROOT, 'tools', 'cli', 'main.ts'), ...args],
        { cwd: ROOT, env: { ...process.env, DATABASE_URL: env.config.DATABASE_URL, API_KEYS: '' } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });

  const submit = (key: string) =>
    fetch(`${ingestUrl}/v1/articles`, {
      method: 'POST',
      body: JSON.stringify({ source: 'wire', externalId: `cli-${Math.random()}`, title: 'Lock gates repaired' }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    });
  const read = (key: string) => fetch(`${queryUrl}/v1/stories`, { headers: { authorization: `Bearer ${key}` } });

  it('creates a key, shown once on standard output, lists it without the key, and revokes it', async () => {
    const created = await cli('keys', 'create', '--name', 'wire-crawler', '--scope', 'ingest', '--expires', '90d');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^sl_[A-Za-z0-9_-]{43}\n$/);
    const key = created.stdout.trim();
    expect(created.stderr).toContain('"wire-crawler" (ingest), expires ');
    expect(created.stderr).not.toContain(key);

    expect((await submit(key)).status).toBe(202);
    expect((await read(key)).status).toBe(403);

    // `ingest` sends the key read from a file, so it never shows in the process list.
    const dir = await mkdtemp(join(tmpdir(), 'cli-keys-'));
    try {
      await writeFile(join(dir, 'key'), `${key}\n`, { mode: 0o600 });
      await writeFile(join(dir, 'articles.jsonl'), `${JSON.stringify({ source: 'wire', title: 'Ferry resumes' })}\n`);
      const ingested = await cli(
        'ingest',
        join(dir, 'articles.jsonl'),
        '--url',
        ingestUrl,
        '--api-key-file',
        join(dir, 'key'),
      );
      expect([ingested.code, ingested.stdout]).toEqual([0, expect.stringContaining('1 accepted')]);
      const missing = await cli(
        'ingest',
        join(dir, 'articles.jsonl'),
        '--url',
        ingestUrl,
        '--api-key-file',
        join(dir, 'none'),
      );
      expect([missing.code, missing.stderr]).toEqual([64, expect.stringContaining('--api-key-file: cannot read')]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    const listed = await cli('keys', 'list', '--json');
    expect(listed.code).toBe(0);
    const [record] = listed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(record).toEqual({
      id: expect.any(String),
      name: 'wire-crawler',
      keyPrefix: key.slice(0, 10),
      scopes: ['ingest'],
      createdAt: expect.any(String),
      expiresAt: expect.any(String),
      revokedAt: null,
      status: 'active',
    });
    const days = (Date.parse(record.expiresAt) - Date.parse(record.createdAt)) / 86_400_000;
    expect(Math.round(days)).toBe(90);
    const table = await cli('keys', 'list');
    expect(table.stdout).toMatch(new RegExp(`^${record.id}\\s+wire-crawler\\s+ingest\\s+${key.slice(0, 10)}…`, 'm'));
    expect(table.stdout + listed.stdout).not.toContain(key);

    const revoked = await cli('keys', 'revoke', record.id);
    expect([revoked.code, revoked.stdout]).toEqual([0, expect.stringContaining(`revoked ${record.id}`)]);
    await waitUntil(async () => (await submit(key)).status === 401, { what: 'the revoked key refused' });
    expect((await cli('keys', 'revoke', record.id)).stdout).toContain('already revoked');
    const after = JSON.parse((await cli('keys', 'list', '--json')).stdout);
    expect(after).toMatchObject({ id: record.id, status: 'revoked', revokedAt: expect.any(String) });
  });

  it('makes keys with several scopes', async () => {
    const created = await cli('keys', 'create', '--name', 'newsroom app', '--scope', 'read,ingest');
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect([(await submit(key)).status, (await read(key)).status]).toEqual([202, 200]);
  });

  it('refuses a mistaken call with a usage error (exit 64), and an unknown id with exit 1', async () => {
    const mistakes = await Promise.all([
      cli('keys', 'create', '--scope', 'ingest'),
      cli('keys', 'create', '--name', 'x', '--scope', 'write'),
      cli('keys', 'create', '--name', 'x', '--scope', 'read', '--expires', '2001-01-01'),
      cli('keys', 'list', '--name', 'x'),
      cli('keys', 'rotate'),
    ]);
    expect(mistakes.map((run) => run.code)).toEqual([64, 64, 64, 64, 64]);
    expect(mistakes.map((run) => run.stderr.split('\n')[0])).toEqual([
      'storyline keys: --name is required: who or what uses the key',
      'storyline keys: --scope: "write" is not one of ingest, read, admin',
      expect.stringMatching(/^storyline keys: --expires: 2001-01-01T00:00:00.000Z has passed$/),
      'storyline keys: --name is not an option of `keys list`',
      'storyline keys: say what to do: `keys create`, `keys list` or `keys revoke <id>`',
    ]);
    const unknown = await cli('keys', 'revoke', '00000000-0000-4000-8000-000000000000');
    expect([unknown.code, unknown.stderr]).toEqual([
      1,
      'storyline keys: no key 00000000-0000-4000-8000-000000000000\n',
    ]);
  });
});
