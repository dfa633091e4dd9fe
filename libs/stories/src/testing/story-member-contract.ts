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
  });
}

/** Distinct uuids: the Postgres store keys members and stories by uuid. */
function uuids(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`);
}
