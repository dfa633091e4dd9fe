import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { StoryMember, StoryProfile } from '@storyline/stories';

/** The vectors of a member or headline row: written once, when its article is decided (see PgStoryStore). */
export type MemberVectors = Pick<StoryMember, 'terms' | 'entities' | 'titleTerms'>;

/**
 * Budgets in [key, weight] pairs (about 70 bytes of heap each): ~35 MB of profiles (a profile is up to ~330
 * pairs: the candidate stories of a week of news) and ~35 MB of member vectors (~40 pairs: a few thousand stories'
 * recent members).
 */
const PROFILE_PAIRS = 500_000;
const MEMBER_PAIRS = 500_000;

const pairsOfProfile = (p: StoryProfile): number =>
  1 + p.terms.length + p.entities.length + p.entityCounts.length + p.titleTerms.length;
const pairsOfVectors = (v: MemberVectors): number => 1 + v.terms.length + v.entities.length + v.titleTerms.length;

/**
 * What story decisions re-read, kept in the dedupe process: the profiles of candidate stories and the vectors of
 * their recent members. A decision reads ~40 profiles and ~300 members' vectors (about 1 MB of JSON) to change
 * one story; most of them have not changed since the last decision read them, and parsing them again would be
 * the largest part of dedupe's CPU and its Postgres backend's.
 *
 * A profile is cached under its story's profile version (which a trigger moves on with every write of the profile,
 * two writes of one transaction included), so a story another process changed is read again, and one whose other
 * columns alone were written (the entities stage's version and counts) is not. Member vectors are
 * cached by article id: they never change once written (PgStoryStore does not overwrite them).
 *
 * A decision only adds what it read to the cache once it has committed ({@link DecisionReads.commit}): a read
 * inside its transaction can see its own writes, which a rollback undoes.
 */
@Injectable()
export class StoryReadCache {
  private readonly profiles = new LRUCache<string, { version: string; profile: StoryProfile }>({
    maxSize: PROFILE_PAIRS,
    sizeCalculation: (entry) => pairsOfProfile(entry.profile),
  });
  private readonly vectors = new LRUCache<string, MemberVectors>({
    maxSize: MEMBER_PAIRS,
    sizeCalculation: pairsOfVectors,
  });

  /** What one decision reads through the cache, and adds to it if it commits. */
  decision(): DecisionReads {
    return new DecisionReads(this.profiles, this.vectors);
  }
}

/**
 * One decision's view of the cache: what the cache holds, plus what the decision itself read so far (held back
 * until {@link commit}).
 */
export class DecisionReads {
  private readonly profiles = new Map<string, { version: string; profile: StoryProfile }>();
  private readonly vectors = new Map<string, MemberVectors>();

  constructor(
    private readonly profileCache: LRUCache<string, { version: string; profile: StoryProfile }>,
    private readonly vectorCache: LRUCache<string, MemberVectors>,
  ) {}

  /** The profile of `storyId` as it is at profile version `version`, if known. */
  profile(storyId: string, version: string): StoryProfile | undefined {
    const entry = this.known(storyId);
    return entry?.version === version ? entry.profile : undefined;
  }

  /** The version of the profile known for `storyId`: a read can skip sending a profile still at it. */
  knownVersion(storyId: string): string | null {
    return this.known(storyId)?.version ?? null;
  }

  /**
   * What the decision knows of a story: what it read, else what the cache holds, kept for the rest of the decision —
   * other decisions of this process fill the cache meanwhile, and could evict the entry between a read that
   * skipped sending a profile (its version was known) and the lookup of that profile.
   */
  private known(storyId: string): { version: string; profile: StoryProfile } | undefined {
    const own = this.profiles.get(storyId);
    if (own) return own;
    const cached = this.profileCache.get(storyId);
    if (cached) this.profiles.set(storyId, cached);
    return cached;
  }

  /** A member's vectors, if known; as profiles, one found in the cache is kept for the rest of the decision. */
  memberVectors(articleId: string): MemberVectors | undefined {
    const own = this.vectors.get(articleId);
    if (own) return own;
    const cached = this.vectorCache.get(articleId);
    if (cached) this.vectors.set(articleId, cached);
    return cached;
  }

  profileRead(version: string, profile: StoryProfile): void {
    this.profiles.set(profile.id, { version, profile: deepFreeze(profile) });
  }

  vectorsRead(articleId: string, vectors: MemberVectors): void {
    this.vectors.set(articleId, deepFreeze(vectors));
  }

  /** After the decision's transaction committed. */
  commit(): void {
    for (const [id, entry] of this.profiles) this.profileCache.set(id, entry);
    for (const [id, vectors] of this.vectors) this.vectorCache.set(id, vectors);
  }
}

/** Cached objects are shared by every later decision: one that changed them in place would corrupt the others. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
