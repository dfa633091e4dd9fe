import { StoryMember } from './story-member';
import { StoryProfile } from './story-profile';
import { StoryStore, TimeWindow } from './story-store';

/**
 * Stories kept per index key: the most recently active ones. A key shared by thousands of stories (a country
 * name in a year of news) then still costs a bounded lookup, which keeps assignment time flat as the corpus
 * grows; a story that is not among the last active for any of its keys is long quiet anyway.
 */
export const POSTINGS_PER_KEY = 200;

function add(index: Map<string, Set<string>>, key: string, value: string): void {
  let set = index.get(key);
  if (!set) {
    set = new Set();
    index.set(key, set);
  }
  set.add(value);
}

/** The `limit` most recent of `articleIds` (by time, then article id, descending). */
function mostRecent(
  articleIds: Iterable<string> | undefined,
  rows: Map<string, { time: string }>,
  limit: number,
): string[] {
  return [...(articleIds ?? [])]
    .map((articleId) => ({ articleId, time: rows.get(articleId)!.time }))
    .sort((a, b) => (a.time !== b.time ? (a.time < b.time ? 1 : -1) : a.articleId < b.articleId ? 1 : -1))
    .slice(0, limit)
    .map(({ articleId }) => articleId);
}

/**
 * {@link StoryStore} in process memory: for tests, the evaluation and benchmarks. Profiles are kept as JSON
 * text, like a database row: callers always get their own copy, and tens of thousands of stories stay a few
 * flat strings to the garbage collector instead of hundreds of small arrays each.
 */
export class InMemoryStoryStore implements StoryStore {
  private readonly profiles = new Map<string, { json: string; firstSeen: string; lastSeen: string }>();
  private readonly keysOf = new Map<string, string[]>();
  private readonly postings = new Map<string, Map<string, string>>();
  private readonly mergedInto = new Map<string, string>();
  /** Members as JSON text by article id, and the article ids of each story's members. */
  private readonly members = new Map<
    string,
    { json: string; storyId: string; time: string; canonicalId: string | null }
  >();
  private readonly membersOf = new Map<string, Set<string>>();
  /** Article ids of the members that are copies of each canonical article. */
  private readonly copiesOf = new Map<string, Set<string>>();
  /** Headline-only articles as JSON text by article id, and the article ids of each story's headlines. */
  private readonly headlines = new Map<string, { json: string; storyId: string; time: string }>();
  private readonly headlinesOf = new Map<string, Set<string>>();

  constructor(private readonly postingsPerKey = POSTINGS_PER_KEY) {}

  async candidates(keys: string[], window: TimeWindow, limit: number): Promise<StoryProfile[]> {
    const from = window.from.toISOString();
    const to = window.to.toISOString();
    const shared = new Map<string, number>();
    for (const key of new Set(keys)) {
      for (const [storyId, lastSeen] of this.postings.get(key) ?? []) {
        if (lastSeen >= from) shared.set(storyId, (shared.get(storyId) ?? 0) + 1);
      }
    }
    const found: Array<{ id: string; json: string; count: number; lastSeen: string }> = [];
    for (const [storyId, count] of shared) {
      const row = this.profiles.get(storyId);
      if (row && row.firstSeen <= to) found.push({ id: storyId, json: row.json, count, lastSeen: row.lastSeen });
    }
    return found
      .sort((a, b) => b.count - a.count || (a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : 0))
      .slice(0, limit)
      .map((row) => JSON.parse(row.json) as StoryProfile);
  }

  /** One process, one decision at a time: nothing can have appeared since the lookup. */
  async confirmFounding(): Promise<boolean> {
    return true;
  }

  /** One process, one decision at a time: holding is reading. */
  async hold(storyIds: string[]): Promise<Map<string, StoryProfile>> {
    const held = new Map<string, StoryProfile>();
    for (const id of storyIds) {
      const row = this.profiles.get(id);
      if (row) held.set(id, JSON.parse(row.json) as StoryProfile);
    }
    return held;
  }

  async get(storyId: string): Promise<StoryProfile | null> {
    let id = storyId;
    for (let next = this.mergedInto.get(id); next !== undefined; next = this.mergedInto.get(id)) id = next;
    const row = this.profiles.get(id);
    return row ? (JSON.parse(row.json) as StoryProfile) : null;
  }

  async save(profile: StoryProfile, keys: string[]): Promise<void> {
    this.unindex(profile.id);
    this.profiles.set(profile.id, {
      json: JSON.stringify(profile),
      firstSeen: profile.firstSeen,
      lastSeen: profile.lastSeen,
    });
    this.keysOf.set(profile.id, keys);
    for (const key of keys) {
      let posting = this.postings.get(key);
      if (!posting) {
        posting = new Map();
        this.postings.set(key, posting);
      }
      posting.set(profile.id, profile.lastSeen);
      // Pruned in batches (at twice the bound) so the sort is amortised over many saves.
      if (posting.size > 2 * this.postingsPerKey) this.prune(posting);
    }
  }

  async markMerged(storyId: string, intoStoryId: string): Promise<void> {
    this.unindex(storyId);
    this.profiles.delete(storyId);
    this.mergedInto.set(storyId, intoStoryId);
    const moved = [...(this.membersOf.get(storyId) ?? [])].map((id) => this.member(id));
    await this.saveMembers(moved.map((member) => ({ ...member, storyId: intoStoryId })));
    const headlines = [...(this.headlinesOf.get(storyId) ?? [])].map((id) => this.headline(id));
    await this.saveHeadlines(headlines.map((headline) => ({ ...headline, storyId: intoStoryId })));
  }

  async recentMembers(storyIds: string[], perStory: number): Promise<StoryMember[]> {
    return storyIds.flatMap((storyId) =>
      mostRecent(this.membersOf.get(storyId), this.members, perStory).map((id) => this.member(id)),
    );
  }

  async recentHeadlines(storyIds: string[], perStory: number): Promise<StoryMember[]> {
    return storyIds.flatMap((storyId) =>
      mostRecent(this.headlinesOf.get(storyId), this.headlines, perStory).map((id) => this.headline(id)),
    );
  }

  async saveHeadlines(headlines: StoryMember[]): Promise<void> {
    for (const headline of headlines) {
      const previous = this.headlines.get(headline.articleId);
      if (previous) this.headlinesOf.get(previous.storyId)?.delete(headline.articleId);
      this.headlines.set(headline.articleId, {
        json: JSON.stringify(headline),
        storyId: headline.storyId,
        time: headline.time,
      });
      add(this.headlinesOf, headline.storyId, headline.articleId);
    }
  }

  async saveMembers(members: StoryMember[]): Promise<void> {
    for (const member of members) {
      this.put(member);
      for (const copyId of this.copiesOf.get(member.articleId) ?? []) {
        if (this.members.get(copyId)!.storyId !== member.storyId) {
          this.put({ ...this.member(copyId), storyId: member.storyId });
        }
      }
    }
  }

  async saveNeighbours(members: Pick<StoryMember, 'articleId' | 'neighbours'>[]): Promise<void> {
    for (const { articleId, neighbours } of members) this.put({ ...this.member(articleId), neighbours });
  }

  async repointMembers(articleIds: string[], canonicalId: string): Promise<void> {
    for (const id of articleIds) {
      if (this.members.has(id)) this.put({ ...this.member(id), canonicalId });
      if (this.headlines.has(id)) await this.saveHeadlines([{ ...this.headline(id), canonicalId }]);
    }
  }

  private put(member: StoryMember): void {
    const previous = this.members.get(member.articleId);
    if (previous) {
      this.membersOf.get(previous.storyId)?.delete(member.articleId);
      if (previous.canonicalId !== null) this.copiesOf.get(previous.canonicalId)?.delete(member.articleId);
    }
    this.members.set(member.articleId, {
      json: JSON.stringify(member),
      storyId: member.storyId,
      time: member.time,
      canonicalId: member.canonicalId,
    });
    add(this.membersOf, member.storyId, member.articleId);
    if (member.canonicalId !== null) add(this.copiesOf, member.canonicalId, member.articleId);
  }

  private member(articleId: string): StoryMember {
    return JSON.parse(this.members.get(articleId)!.json) as StoryMember;
  }

  private headline(articleId: string): StoryMember {
    return JSON.parse(this.headlines.get(articleId)!.json) as StoryMember;
  }

  private unindex(storyId: string): void {
    for (const key of this.keysOf.get(storyId) ?? []) this.postings.get(key)?.delete(storyId);
    this.keysOf.delete(storyId);
  }

  private prune(posting: Map<string, string>): void {
    const newest = [...posting.entries()].sort((a, b) => (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0));
    for (const [storyId] of newest.slice(this.postingsPerKey)) posting.delete(storyId);
  }
}
