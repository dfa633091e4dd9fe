import { StoryMember } from './story-member';
import { StoryProfile } from './story-profile';

export interface TimeWindow {
  from: Date;
  to: Date;
}

/**
 * Persistence the story assigner needs. A Postgres implementation keeps the profile in `story.profile` (jsonb)
 * and the keys in `story_key (key, story_id, last_seen_at)`; every method is a lookup by id or key.
 */
export interface StoryStore {
  /**
   * Live stories sharing at least one of `keys` whose time span overlaps `window` (last seen ≥ from and first
   * seen ≤ to), those sharing the most keys first, at most `limit`. Merged-away stories are never returned.
   * (SQL: `SELECT story_id FROM story_key WHERE key = ANY($1) AND last_seen_at >= $2 GROUP BY story_id
   * ORDER BY count(*) DESC, max(last_seen_at) DESC LIMIT $3`, then the profiles by id.)
   */
  candidates(keys: string[], window: TimeWindow, limit: number): Promise<StoryProfile[]>;
  /** The profile of a live story; a merged-away id resolves to the story it was merged into. */
  get(storyId: string): Promise<StoryProfile | null>;
  /** Creates or replaces a story's profile and its index keys (the keys replace the previous ones). */
  save(profile: StoryProfile, keys: string[]): Promise<void>;
  /**
   * Records that `storyId` was merged into `intoStoryId`: it leaves the index, `get` resolves it to `into`, and
   * its members and headlines become those of `into`.
   */
  markMerged(storyId: string, intoStoryId: string): Promise<void>;
  /**
   * The `perStory` most recent members (by time, then article id, descending) of each of the stories.
   * (SQL: a lateral `ORDER BY time DESC, article_id DESC LIMIT perStory` per story on an index of
   * `(story_id, time, article_id)`.)
   */
  recentMembers(storyIds: string[], perStory: number): Promise<StoryMember[]>;
  /**
   * Creates or replaces members by article id (story, vectors, neighbours). A member saved in another story
   * takes the members that are its copies along, so a copy is always in its canonical's story.
   */
  saveMembers(members: StoryMember[]): Promise<void>;
  /** Records that the members among `articleIds` are now copies of `canonicalId` (a more complete version). */
  repointMembers(articleIds: string[], canonicalId: string): Promise<void>;
  /**
   * The `perStory` most recent headline-only articles of each of the stories (same order as `recentMembers`).
   * They are kept apart from the members: a headline is never re-clustered (too short for local scaling), but
   * when a re-clustering splits its story it follows the part it is closest to.
   */
  recentHeadlines(storyIds: string[], perStory: number): Promise<StoryMember[]>;
  /** Creates or replaces headline-only articles by article id (story, vectors). */
  saveHeadlines(headlines: StoryMember[]): Promise<void>;
}
