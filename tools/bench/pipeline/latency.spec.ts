import { ArticleTimes } from './bench-database';
import { phaseLatency } from './latency';
import { Posted } from './poster';
import { Delivery } from './receiver';

const posted = (id: string, postedAt: number, acceptedAt = postedAt + 100): Posted => ({
  id,
  kind: 'ecb',
  postedAt,
  acceptedAt,
});
const times = (
  id: string,
  receivedAt: number,
  doneAt: number | null,
  storyId = 's1',
  status = 'done',
): ArticleTimes => ({
  id,
  status,
  storyId,
  receivedAt,
  normalizedAt: receivedAt + 10,
  clusteredAt: receivedAt + 30,
  entitiesAt: doneAt,
  doneAt,
});
const delivery = (at: number, storyId: string, articleIds: string[]): Delivery => ({
  at,
  eventId: null,
  type: 'story.updated',
  storyId,
  version: 1,
  articleIds,
});

describe('bench pipeline: phase latency', () => {
  it('measures POST → done, POST → webhook and the stages, and both rates', () => {
    const result = phaseLatency(
      [posted('a', 1000), posted('b', 1000), posted('c', 2000, 2500)],
      [times('a', 1050, 1500), times('b', 1050, 1600), times('c', 2050, 3000, 's2')],
      [delivery(1700, 's1', ['a']), delivery(1800, 's1', ['a', 'b']), delivery(3400, 's2', [])],
    );
    expect(result.done).toBe(3);
    expect(result.postToDoneMs).toMatchObject({ count: 3, p50: 600, max: 1000 });
    // a: its first listing (1700); b: listed at 1800; c: not listed, its story's first delivery after done.
    expect(result.postToWebhookMs).toMatchObject({ count: 3, p50: 800, max: 1400 });
    expect(result.webhookMatch).toEqual({ listed: 2, byStory: 1, none: 0 });
    expect(result.stagesMs['POST → received']).toMatchObject({ p50: 50 });
    expect(result.stagesMs['normalized → clustered']).toMatchObject({ p50: 20 });
    expect(result.acceptancePerSecond).toBe(2); // 3 articles from 1000 to 2500 ms
    expect(result.endToEndPerSecond).toBe(1.5); // 3 articles from 1000 to 3000 ms
  });

  it('counts failed and unfinished articles apart and measures only what finished', () => {
    const result = phaseLatency(
      [posted('a', 0), posted('b', 0), posted('c', 0)],
      [times('a', 10, 400), times('b', 10, null, 's1', 'failed'), times('c', 10, null, 's1', 'normalized')],
      [],
    );
    expect(result).toMatchObject({ done: 1, failed: 1, unfinished: 1, postToWebhookMs: null });
    expect(result.webhookMatch.none).toBe(1);
  });
});
