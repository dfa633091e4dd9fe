import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from '../support/stack';
import { describeWithSharedData, loadSeeds } from '../support/shared-data';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

const EXAMPLES = join(__dirname, '..', '..', 'examples', 'articles');

/** The team's example articles and the seeds, as one burst. */
function burst(): { source: string; externalId: string; body: string }[] {
  const examples = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({ source: 'examples', externalId: f, body: readFileSync(join(EXAMPLES, f), 'utf8') }));
  const seeds = loadSeeds().map((s) => ({ source: 'seeds', externalId: s.name, body: s.text }));
  return [...examples, ...seeds];
}

/** Stories as sets of externalIds, in a canonical order, so two runs can be compared. */
async function grouping(stack: Stack, articles: { id: string; externalId: string }[]) {
  const views = await stack.waitForArticles(articles.map((a) => a.id));
  const byStory = new Map<string, string[]>();
  views.forEach((v, i) => byStory.set(v.storyId, [...(byStory.get(v.storyId) ?? []), articles[i].externalId]));
  const groups = [...byStory.values()].map((g) => g.sort().join(' + ')).sort();
  const links = views.map(
    (v, i) =>
      `${articles[i].externalId} -> ${v.canonicalId ? articles[views.findIndex((w) => w.id === v.canonicalId)].externalId : '-'}`,
  );
  const listed = await stack.get('/v1/stories?limit=100');
  return {
    groups,
    links,
    storyCount: byStory.size,
    listedStories: listed.items.length,
    statuses: views.map((v) => v.status),
  };
}

async function run(name: string, dedupeWorkers: number) {
  const env: TestEnvironment = await createTestEnvironment(name);
  const stack = await Stack.start(env.config, ['normalize', 'entities']);
  try {
    for (let i = 0; i < dedupeWorkers; i++) await stack.startWorker('dedupe');
    const items = burst();
    const res = await fetch(`${stack.ingestUrl}/v1/articles/batch`, {
      method: 'POST',
      body: JSON.stringify({ articles: items }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(202);
    const { results } = (await res.json()) as { results: { id: string }[] };
    return await grouping(
      stack,
      results.map((r, i) => ({ id: r.id, externalId: items[i].externalId })),
    );
  } finally {
    await stack.stop();
    await env.teardown();
  }
}

describeWithSharedData('seeds')('dedupe scales horizontally', () => {
  it('groups a burst the same with four dedupe workers as with one, without duplicate stories', async () => {
    const one = await run('dedupe_x1', 1);
    const four = await run('dedupe_x4', 4);
    expect(one.statuses.every((s) => s === 'done')).toBe(true);
    expect(four.statuses.every((s) => s === 'done')).toBe(true);
    expect(four.groups).toEqual(one.groups);
    expect(four.links).toEqual(one.links);
    // Every story that exists holds articles: no story was founded twice by racing workers.
    expect(four.listedStories).toBe(four.storyCount);
  });
});
