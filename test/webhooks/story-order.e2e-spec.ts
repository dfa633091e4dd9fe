import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from '../support/stack';
import { createTestEnvironment, TestEnvironment, waitUntil } from '../support/test-environment';
import { WebhookReceiver } from '../support/webhook-receiver';

const EXAMPLES = join(__dirname, '..', '..', 'examples', 'articles');
const example = (name: string) => readFileSync(join(EXAMPLES, name), 'utf8');

/**
 * Per subscription, a story's events arrive in version order even when the receiver fails and earlier
 * versions are being retried: a later version waits for the earlier one. Articles are the team's own
 * examples (a wire story and two republished copies of it), posted one after the other.
 */
describe('story events in version order under retries', () => {
  let env: TestEnvironment;
  let stack: Stack;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    env = await createTestEnvironment('story_order', {
      WEBHOOK_RETRY_SCHEDULE: '0,300ms,300ms,300ms,300ms,300ms',
      WEBHOOK_COALESCE_MS: '0',
    });
    stack = await Stack.start(env.config);
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver.stop();
    await env?.teardown();
  });

  it('never sends a version after a later one', async () => {
    receiver.respond = (_call, i) => (i < 3 ? { status: 500 } : { status: 200 });
    const url = await receiver.start();
    expect((await stack.send('POST', '/v1/webhooks', { url })).status).toBe(201);

    const files = ['01-wire-storm-surge.txt', '02-republished-with-caption.txt', '03-truncated-copy.txt'];
    const ids: string[] = [];
    for (const file of files) {
      const res = await stack.postArticle({ source: 'examples', externalId: file, body: example(file) });
      ids.push(res.body.id);
      await stack.waitForArticles([res.body.id]);
    }
    const views = await stack.waitForArticles(ids);
    const storyId = views[0].storyId;
    expect(views.map((v) => v.storyId)).toEqual([storyId, storyId, storyId]);

    const delivered = await waitUntil(
      async () => {
        const ok = receiver.received.filter((_c, i) => i >= 3).map((c) => JSON.parse(c.body));
        return ok.length >= 3 ? ok : null;
      },
      { what: 'three delivered story events', timeoutMs: 30_000 },
    );
    const versionsSent = receiver.events().map((e) => e.data.version as number);
    for (let i = 1; i < versionsSent.length; i++) expect(versionsSent[i]).toBeGreaterThanOrEqual(versionsSent[i - 1]);
    expect(delivered.map((e) => e.data.version)).toEqual([1, 2, 3]);
    expect(delivered.map((e) => e.type)).toEqual(['story.created', 'story.updated', 'story.updated']);
  });
});
