import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Stack } from '../support/stack';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

const ROOT = join(__dirname, '..', '..');

/**
 * `npm run demo -- --feeds` as a newcomer runs it: the example articles served as a news site, collected by the
 * stack from the site's RSS feed and news sitemap alone, and the stories they form printed.
 */
describe('demo --feeds', () => {
  let env: TestEnvironment;
  let stack: Stack;

  beforeAll(async () => {
    env = await createTestEnvironment('fetch-demo', {
      FETCH_ALLOW_PRIVATE_NETWORKS: 'true',
      FETCH_HOST_DELAY_MS: '50',
    });
    stack = await Stack.start(env.config, ['fetch', 'normalize', 'dedupe', 'entities']);
  });

  afterAll(async () => {
    await stack?.stop();
    await env?.teardown();
  });

  const demo = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [
          '--require',
          join(ROOT, 'test', 'support', 'ts-register.cjs'),
          join(ROOT, 'tools', 'demo', 'main.ts'),
          '--feeds',
          '--ingest-url',
          stack.ingestUrl,
          '--query-url',
          stack.queryUrl,
          '--site-port',
          '4651',
          ...args,
        ],
        { cwd: ROOT, env: { ...process.env, DATABASE_URL: env.config.DATABASE_URL, API_KEYS: '' } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });

  it('forms the stories from the site’s feeds, ingesting the pages the sitemap repeats once', async () => {
    const run = await demo();
    // The progress bar goes to standard error; the report to standard output.
    expect([run.code, run.stderr.includes('demo:') ? run.stderr : '']).toEqual([0, '']);
    expect(run.stdout).toMatch(/rss +http:\/\/127\.0\.0\.1:4651\/rss\.xml +7 item\(s\) seen, 7 new to Storyline/);
    expect(run.stdout).toMatch(/news-sitemap +http:\/\/127\.0\.0\.1:4651\/news-sitemap\.xml +7 item\(s\) seen, 0 new/);
    expect(run.stdout).toContain('01-wire-storm-surge.txt');
    expect(run.stdout).toMatch(/\d+ stor(y|ies)\n/);
    expect(run.stdout).not.toContain('failed:');
    expect(run.stdout).toContain('Removed the demo feeds');
    const feeds = await stack.get('/v1/feeds');
    expect(feeds.items).toEqual([]);
  });
});
