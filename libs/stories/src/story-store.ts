import { StoryMember } from './story-member';
import { StoryProfile } from './story-profile';

export interface TimeWindow {
  from: Date;
  to: Date;
}

/** A `candidates` call and the stories it returned. */
export interface CandidateLookup {
  keys: string[];
  window: TimeWindow;
  limit: number;
  seen: string[];
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
  /**
   * The stories a decision is about to change, held for it (a Postgres store locks their rows until the decision
   * commits), with their profiles as they are now: scoring read the candidates unheld, and another decision may
   * have changed one since. Merged-away stories are left out.
   */
  hold(storyIds: string[]): Promise<Map<string, StoryProfile>>;
  /**
   * Called before a decision writes the stories it founds: true when no live story sharing `lookup.keys` has
   * appeared since `candidates` returned `lookup.seen` for them. A Postgres store first locks those keys and the
   * founded stories' own keys until the decision commits: of two decisions founding a story for one event at
   * once, the second then sees the first's story here (false) and is made again instead of founding it twice.
   */
  confirmFounding(lookup: CandidateLookup, foundedKeys: string[]): Promise<boolean>;
  /** The profile of a live story, held as by `hold`; a merged-away id resolves to the story it was merged into. */
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
   * Creates or replaces members by article id (story, canonical, neighbours). A member's vectors are its article's,
   * computed once when it is decided: a store may keep the first ones it was given (Postgres does, so that readers
   * can cache them). A member saved in another story takes the members that are its copies along, so a copy is
   * always in its canonical's story.
   */
  saveMembers(members: StoryMember[]): Promise<void>;
  /**
   * Replaces the neighbours of members whose story and vectors stay as they are (a re-clustering recomputed
   * them): most members a decision writes back, and their vectors are most of a member's bytes.
   */
  saveNeighbours(members: Pick<StoryMember, 'articleId' | 'neighbours'>[]): Promise<void>;
  /**
   * Records that the members and headlines among `articleIds` are now copies of `canonicalId` (a more complete
   * version). A store whose headlines read their canonical from the article (Postgres) has nothing to do for them.
   */
  repointMembers(articleIds: string[], canonicalId: string): Promise<void>;
  /**
   * The `perStory` most recent headline-only articles of each of the stories (same order as `recentMembers`).
   * They are kept apart from the members: a headline is never re-clustered (too short for local scaling), but
   * when a re-clustering splits its story it follows the part it is closest to — unless it is a copy
   * (`canonicalId`), which goes where its canonical goes.
   */
  recentHeadlines(storyIds: string[], perStory: number): Promise<StoryMember[]>;
  /** Creates or replaces headline-only articles by article id (story, vectors). */
  saveHeadlines(headlines: StoryMember[]): Promise<void>;
}
