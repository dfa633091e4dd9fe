import { InMemoryStoryStore } from './memory-story-store';
import { StoryMember } from './story-member';
import { describeStoryMemberContract } from './testing/story-member-contract';
import { StoryProfile } from './story-profile';

function profile(id: string, lastSeen: string, firstSeen = lastSeen): StoryProfile {
  return {
    id,
    title: id,
    articleCount: 1,
    firstSeen,
    lastSeen,
    terms: [],
    entities: [],
    entityCounts: [],
    titleTerms: [],
  };
}

const window = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });

describe('InMemoryStoryStore', () => {
  it('finds stories by shared keys, most shared first, within the time window', async () => {
    const store = new InMemoryStoryStore();
    await store.save(profile('a', '2030-01-10T00:00:00.000Z'), ['t:storm', 'e:alder']);
    await store.save(profile('b', '2030-01-10T00:00:00.000Z'), ['t:storm']);
    await store.save(profile('old', '2029-01-01T00:00:00.000Z'), ['t:storm', 'e:alder']);
    const found = await store.candidates(['t:storm', 'e:alder'], window('2030-01-01', '2030-02-01'), 10);
    expect(found.map((p) => p.id)).toEqual(['a', 'b']);
    expect(await store.candidates(['t:storm'], window('2030-01-01', '2030-02-01'), 1)).toHaveLength(1);
  });

  it('replaces a story’s keys on save', async () => {
    const store = new InMemoryStoryStore();
    await store.save(profile('a', '2030-01-10T00:00:00.000Z'), ['t:storm']);
    await store.save(profile('a', '2030-01-11T00:00:00.000Z'), ['t:flood']);
    expect(await store.candidates(['t:storm'], window('2030-01-01', '2030-02-01'), 10)).toEqual([]);
    expect((await store.candidates(['t:flood'], window('2030-01-01', '2030-02-01'), 10))[0].lastSeen).toBe(
      '2030-01-11T00:00:00.000Z',
    );
  });

  it('keeps only the most recently active stories per key', async () => {
    const store = new InMemoryStoryStore(2);
    for (let day = 10; day < 20; day++)
      await store.save(profile(`s${day}`, `2030-01-${day}T00:00:00.000Z`), ['t:storm']);
    const found = await store.candidates(['t:storm'], window('2030-01-01', '2030-02-01'), 100);
    expect(found.length).toBeLessThanOrEqual(4);
    expect(found.map((p) => p.id)).toContain('s19');
  });

  it('resolves a merged story to the story it went into and stops returning it', async () => {
    const store = new InMemoryStoryStore();
    await store.save(profile('a', '2030-01-10T00:00:00.000Z'), ['t:storm']);
    await store.save(profile('b', '2030-01-10T00:00:00.000Z'), ['t:storm']);
    await store.markMerged('b', 'a');
    expect((await store.get('b'))?.id).toBe('a');
    expect((await store.candidates(['t:storm'], window('2030-01-01', '2030-02-01'), 10)).map((p) => p.id)).toEqual([
      'a',
    ]);
  });

  it('returns the most recent members of each story and moves members with a merge', async () => {
    const store = new InMemoryStoryStore();
    const member = (articleId: string, storyId: string, time: string): StoryMember => ({
      articleId,
      storyId,
      canonicalId: null,
      title: null,
      time,
      terms: [['storm', 1]],
      entities: [],
      titleTerms: [],
      neighbours: [],
    });
    await store.saveMembers([
      member('a1', 'a', '2030-01-10T00:00:00.000Z'),
      member('a2', 'a', '2030-01-12T00:00:00.000Z'),
      member('a3', 'a', '2030-01-11T00:00:00.000Z'),
      member('b1', 'b', '2030-01-10T00:00:00.000Z'),
    ]);
    const ids = async (storyIds: string[], perStory: number) =>
      (await store.recentMembers(storyIds, perStory)).map((m) => m.articleId);
    expect(await ids(['b', 'a'], 2)).toEqual(['b1', 'a2', 'a3']);
    await store.saveMembers([{ ...member('a2', 'b', '2030-01-12T00:00:00.000Z'), neighbours: [['a1', 0.5]] }]);
    expect(await ids(['a'], 5)).toEqual(['a3', 'a1']);
    expect((await store.recentMembers(['b'], 5))[0]).toMatchObject({ articleId: 'a2', neighbours: [['a1', 0.5]] });
    await store.save(profile('a', '2030-01-11T00:00:00.000Z'), []);
    await store.markMerged('a', 'b');
    expect(await ids(['a'], 5)).toEqual([]);
    expect(await ids(['b'], 5)).toEqual(['a2', 'a3', 'b1', 'a1']);
  });
});

describeStoryMemberContract('InMemoryStoryStore', async () => new InMemoryStoryStore());
