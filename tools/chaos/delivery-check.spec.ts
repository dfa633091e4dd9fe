import { Delivery } from '../bench/pipeline/receiver';
import { checkDeliveries } from './delivery-check';
import { StoryState } from './run-facts';

const story = (id: string, version: number, articles: string[], mergedIntoId: string | null = null): StoryState => ({
  id,
  version,
  mergedIntoId,
  articleCount: articles.length,
  firstArticleIds: articles,
  doneArticles: articles.length,
});
const got = (eventId: string, storyId: string, version: number, articleIds: string[]): Delivery => ({
  at: 0,
  eventId,
  type: version === 1 ? 'story.created' : 'story.updated',
  storyId,
  version,
  articleIds,
});

describe('chaos: delivery check', () => {
  it("finds every story's last version received with the story's articles", () => {
    const check = checkDeliveries(
      [story('s1', 2, ['a', 'b']), story('s2', 1, [], 's1')],
      [got('e1', 's1', 1, ['a']), got('e2', 's2', 1, ['c']), got('e3', 's1', 2, ['a', 'b'])],
      ['e1', 'e2', 'e3'],
    );
    expect(check).toMatchObject({
      stories: 2,
      latestMissingCount: 0,
      snapshotMismatchCount: 0,
      deliveredNotReceived: 0,
      receivedTwice: 0,
      outOfOrder: 0,
    });
  });

  it('names a story whose last version was not received, and a last snapshot listing other articles', () => {
    const check = checkDeliveries(
      [story('s1', 3, ['a', 'b']), story('s2', 2, ['c', 'd'])],
      [got('e1', 's1', 2, ['a']), got('e2', 's2', 2, ['c', 'x'])],
      ['e1', 'e2', 'e9'],
    );
    expect(check.latestMissing).toEqual([{ storyId: 's1', version: 3, latestReceived: 2 }]);
    expect(check.snapshotMismatches).toEqual([{ storyId: 's2', version: 2, missing: ['d'], extra: ['x'] }]);
    expect(check.deliveredNotReceived).toBe(1);
  });

  it('counts events received twice, and versions received after a later one', () => {
    const check = checkDeliveries(
      [story('s1', 3, ['a'])],
      [got('e1', 's1', 1, ['a']), got('e3', 's1', 3, ['a']), got('e1', 's1', 1, ['a']), got('e3', 's1', 3, ['a'])],
      [],
    );
    expect(check).toMatchObject({ latestMissingCount: 0, receivedTwice: 2, outOfOrder: 1 });
  });
});
