import { StoryMember } from '../story-member';
import { StoryStore } from '../story-store';

/**
 * What every {@link StoryStore} must do with members, run against each implementation (in memory here, Postgres
 * in the pipeline's tests): a copy is always in its canonical article's story.
 */
export function describeStoryMemberContract(name: string, createStore: () => Promise<StoryStore>): void {
  describe(`${name} members`, () => {
    const member = (articleId: string, storyId: string, canonicalId: string | null = null): StoryMember => ({
      articleId,
      storyId,
      canonicalId,
      title: null,
      time: `2030-01-10T00:00:0${articleId.length % 10}.000Z`,
      terms: [['storm', 1]],
      entities: [],
      titleTerms: [],
      neighbours: [],
    });

    it('moves the copies of a member that moves, also once they are repointed to a more complete version', async () => {
      const store = await createStore();
      const [w, copy, other, full, stranger, a, b, c] = uuids(8);
      const members = async (storyId: string) =>
        (await store.recentMembers([storyId], 10)).map((m) => [m.articleId, m.canonicalId]).sort();
      await store.saveMembers([member(w, a), member(copy, a, w), member(other, a)]);
      await store.saveMembers([member(w, b)]);
      expect(await members(b)).toEqual(
        [
          [w, null],
          [copy, w],
        ].sort(),
      );
      expect(await members(a)).toEqual([[other, null]]);

      await store.saveMembers([member(full, b)]);
      await store.repointMembers([w, copy, stranger], full);
      await store.saveMembers([member(full, c)]);
      expect(await members(c)).toEqual(
        [
          [w, full],
          [copy, full],
          [full, null],
        ].sort(),
      );
      expect(await members(b)).toEqual([]);
    });

    it('replaces only the neighbours of a member when they alone changed', async () => {
      const store = await createStore();
      const [m, n, a] = uuids(3);
      await store.saveMembers([member(m, a), member(n, a)]);
      const neighbours: StoryMember['neighbours'] = [[n, 0.5]];
      await store.saveNeighbours([{ articleId: m, neighbours }]);
      const [saved] = (await store.recentMembers([a], 10)).filter((x) => x.articleId === m);
      expect(saved).toMatchObject({ storyId: a, terms: [['storm', 1]], neighbours });
    });

    it('keeps headlines apart from members: most recent first per story, moved on save and by a merge', async () => {
      const store = await createStore();
      const [full, h1, h2, h3, a, b, c] = uuids(7);
      const at = (articleId: string, storyId: string, second: number): StoryMember => ({
        ...member(articleId, storyId),
        time: `2030-01-10T00:00:0${second}.000Z`,
      });
      const headlines = async (storyIds: string[], perStory = 10) =>
        (await store.recentHeadlines(storyIds, perStory)).map((h) => [h.articleId, h.storyId]);
      await store.saveMembers([member(full, a)]);
      await store.saveHeadlines([at(h1, a, 1), at(h2, a, 2), at(h3, b, 3)]);
      expect((await store.recentMembers([a], 10)).map((m) => m.articleId)).toEqual([full]);
      expect(await headlines([a, b])).toEqual([
        [h2, a],
        [h1, a],
        [h3, b],
      ]);
      expect(await headlines([a], 1)).toEqual([[h2, a]]);

      await store.saveHeadlines([at(h1, b, 1)]);
      expect(await headlines([a, b])).toEqual([
        [h2, a],
        [h3, b],
        [h1, b],
      ]);
      await store.markMerged(b, c);
      expect(await headlines([b, c])).toEqual([
        [h3, c],
        [h1, c],
      ]);
    });
  });
}

/** Distinct uuids: the Postgres store keys members and stories by uuid. */
function uuids(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`);
}
