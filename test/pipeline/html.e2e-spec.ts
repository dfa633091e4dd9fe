import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from '../support/stack';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

const page = readFileSync(join(__dirname, '..', 'fixtures', 'html', 'news-article.html'), 'utf8');

/** An HTML page (written by the team) through the whole pipeline: main content, page metadata, raw kept. */
describe('HTML articles end to end', () => {
  let env: TestEnvironment;
  let stack: Stack;
  let view: any;

  beforeAll(async () => {
    env = await createTestEnvironment('html');
    stack = await Stack.start(env.config);
    const res = await fetch(`${stack.ingestUrl}/v1/articles?source=courier&url=https://courier.example/news/bridge`, {
      method: 'POST',
      body: page,
      headers: { 'content-type': 'text/html; charset=utf-8' },
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    [view] = await stack.waitForArticles([id]);
  });

  afterAll(async () => {
    await stack?.stop();
    await env?.teardown();
  });

  it('reaches done with the title and metadata read from the page', () => {
    expect(view.status).toBe('done');
    expect(view.normalized.title).toBe('Harbour bridge reopens after six-month repair');
    expect(view.normalized.metadata.author).toMatchObject({ value: 'Marta Ellison' });
    expect(view.normalized.metadata.publishedAt).toMatchObject({ value: '2031-03-11T06:45:00.000Z' });
    expect(view.normalized.metadata.canonicalUrl.value).toContain('/news/2031/03/harbour-bridge-reopens');
  });

  it('keeps the story and drops navigation and comments', () => {
    expect(view.normalized.text).toContain('Inspectors found cracked teeth');
    expect(view.normalized.text).not.toContain('harbourwatcher');
    expect(view.normalized.text).not.toContain('Related stories');
  });

  it('stores the page byte for byte for re-normalization', () => {
    expect(view.raw.html).toBe(page);
    expect(view.raw.contentType).toBe('text/html');
  });

  it('fails a page without a title or text at normalize, saying why, instead of making it a story', async () => {
    const res = await fetch(`${stack.ingestUrl}/v1/articles?source=courier`, {
      method: 'POST',
      body: '<html><head><script>track()</script></head><body><nav><a href="/">Home</a></nav></body></html>',
      headers: { 'content-type': 'text/html' },
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const [empty] = await stack.waitForArticles([id]);
    expect(empty.status).toBe('failed');
    expect(empty.storyId ?? null).toBeNull();
    expect(JSON.stringify(empty)).toContain('nothing to group');
  });
});
