import { performance } from 'node:perf_hooks';
import { preparedQuery, StatementPipeline } from '@storyline/database';
import { EntityManager } from 'typeorm';
import { CandidateLookup, StoryMember, StoryProfile, StoryStore, TimeWindow } from '@storyline/stories';
import { BLOCKED_MS, DecisionLocks } from './decision-locks';
import { DecisionReads, MemberVectors } from './story-read-cache';

/** Stories read per key, most recently active first: bounds a lookup whatever the number of stories. */
const STORIES_PER_KEY = 200;

/** A member or headline row without its vectors, which come from the cache or a second read. */
interface MemberRow {
  article_id: string;
  row_version: string;
  story_id: string;
  canonical_id: string | null;
  title: string | null;
  time: Date;
  neighbours: StoryMember['neighbours'];
}

function toMember(r: MemberRow, vectors: MemberVectors): StoryMember {
  return {
    articleId: r.article_id,
    storyId: r.story_id,
    canonicalId: r.canonical_id,
    title: r.title,
    time: r.time.toISOString(),
    terms: vectors.terms,
    entities: vectors.entities,
    titleTerms: vectors.titleTerms,
    neighbours: r.neighbours,
  };
}

/**
 * A story's profile version (Story.profileVersion, moved on by a trigger): changes with every write of the profile,
 * including two writes in one transaction, and with nothing else.
 */
const PROFILE_VERSION = `s.profile_version::text`;

/** A member or headline row's version: changes with every write of the row. */
const MEMBER_VERSION = `xmin::text`;

/** The `vectors` column of a member or headline row. */
function vectorsJson(m: StoryMember): string {
  return JSON.stringify({ terms: m.terms, entities: m.entities, titleTerms: m.titleTerms });
}

/**
 * A story's keys are re-dated when its last article is this much newer than the date they carry: each re-dating
 * rewrites its ~40 key rows, a dead row version each. A key's date only orders the stories of a key and bounds how
 * far back the lookup reads, with this much slack (a third of the default story window); whether a story is still
 * live is read from the story row itself.
 */
const KEY_REDATE_STEP = '24 hours';

/**
 * An optimistic decision read a story or a member that another decision changed before this one held it: it is made
 * again, holding what it reads from the start.
 */
export class StaleRead extends Error {}

/**
 * {@link StoryStore} on `story` (profile jsonb, display columns kept in step) and `story_key`, inside the
 * dedupe transaction. Version and sources are not the store's business: the dedupe use case and the outbox
 * own them. A decision holds the stories it is about to change (their rows, until it commits), and the keys of
 * the stories it founds (`confirmFounding`; see DecisionLocks).
 *
 * Holding is pessimistic or optimistic. Pessimistic, `hold` locks the stories before reading them, so the
 * re-clustering that follows runs with them locked. Optimistic, `hold` only reads them and notes the versions of
 * the stories and members it read; the first write (or founding) locks the held stories and checks that none of
 * those versions changed — most of the decision's work then runs with no story locked, and other decisions about
 * the same stories wait only for its writes — or throws StaleRead, and the decision is made again pessimistically.
 * With a pipelined `writes`, the check and the writes are sent without waiting for their answers: StaleRead, like a
 * failed write, then comes from settling them, which the decision does before it commits.
 */
export class PgStoryStore implements StoryStore {
  /** Optimistic holding, until the held stories are locked (see `lockHeld`). */
  private unlocked: boolean;
  private readonly heldVersions = new Map<string, string>();
  private readonly rowVersions = { story_member: new Map<string, string>(), story_headline: new Map<string, string>() };

  /**
   * @param writes where the store's writes go: sent without waiting for their answers when the decision settles them
   *   before it commits (see StatementPipeline), or each run as it is made.
   */
  constructor(
    private readonly tx: EntityManager,
    private readonly locks: DecisionLocks,
    private readonly reads: DecisionReads,
    holding: 'pessimistic' | 'optimistic' = 'pessimistic',
    private readonly writes: StatementPipeline = StatementPipeline.inOrder(tx),
  ) {
    this.unlocked = holding === 'optimistic';
  }

  async candidates(keys: string[], window: TimeWindow, limit: number): Promise<StoryProfile[]> {
    const found: { id: string; version: string }[] = await this.lookup(
      `s.id, ${PROFILE_VERSION} AS version`,
      keys,
      window,
      limit,
    );
    const missing = found.filter((r) => !this.reads.profile(r.id, r.version)).map((r) => r.id);
    if (missing.length) {
      const rows: { version: string; profile: StoryProfile }[] = await preparedQuery(
        this.tx,
        `SELECT ${PROFILE_VERSION} AS version, s.profile FROM story s WHERE s.id = ANY($1)`,
        [missing],
      );
      for (const r of rows) this.reads.profileRead(r.version, r.profile);
    }
    // A story written between the two reads comes at its newer version; one merged away meanwhile at its last.
    return found.flatMap((r) => {
      const profile = this.reads.profile(r.id, r.version) ?? this.latestRead(r.id);
      return profile ? [profile] : [];
    });
  }

  /** The profile this decision read last for a story, whatever its version. */
  private latestRead(storyId: string): StoryProfile | undefined {
    const version = this.reads.knownVersion(storyId);
    return version === null ? undefined : this.reads.profile(storyId, version);
  }

  async confirmFounding(lookup: CandidateLookup, foundedKeys: string[]): Promise<boolean> {
    await this.lockHeld();
    await this.locks.lock('key', [...lookup.keys, ...foundedKeys]);
    const seen = new Set(lookup.seen);
    const now: { id: string }[] = await this.lookup('s.id', lookup.keys, lookup.window, lookup.limit);
    return now.every((r) => seen.has(r.id));
  }

  /**
   * Live stories sharing the most of `keys` within `window`, best first (see StoryStore.candidates). Twice the limit
   * is read from the keys: a story the slack of the keys' dates lets in may turn out quiet on its own row.
   */
  private lookup(columns: string, keys: string[], window: TimeWindow, limit: number) {
    if (!keys.length) return Promise.resolve([]);
    // Not prepared: Postgres' generic plan of it ran slower than planning it for each call's arrays.
    return this.tx.query(
      `WITH hits AS (
         SELECT c.story_id, count(*) AS shared, max(c.last_seen_at) AS seen FROM unnest($1::text[]) AS k(key)
           CROSS JOIN LATERAL (SELECT sk.story_id, sk.last_seen_at FROM story_key sk
                                WHERE sk.key = k.key AND sk.last_seen_at >= $2::timestamptz - interval '${KEY_REDATE_STEP}'
                                ORDER BY sk.last_seen_at DESC LIMIT ${STORIES_PER_KEY}) c
          GROUP BY c.story_id ORDER BY count(*) DESC, max(c.last_seen_at) DESC LIMIT 2 * $4::int)
       SELECT ${columns} FROM hits JOIN story s ON s.id = hits.story_id
        WHERE s.merged_into_id IS NULL AND s.last_seen_at >= $2 AND s.first_seen_at <= $3
        ORDER BY hits.shared DESC, hits.seen DESC, s.id LIMIT $4`,
      [keys, window.from, window.to, limit],
    );
  }

  async hold(storyIds: string[]): Promise<Map<string, StoryProfile>> {
    if (!storyIds.length) return new Map();
    if (this.unlocked) {
      const profiles = await this.currentProfiles(storyIds);
      for (const p of profiles) this.heldVersions.set(p.id, this.reads.knownVersion(p.id)!);
      return new Map(profiles.map((p) => [p.id, p]));
    }
    // In id order (the plan sorts before it locks), so decisions never wait on each other in a cycle. Locked
    // first and read after, so that the time counted as waiting is the lock's alone, and the profiles read are
    // the ones committed last.
    const [locked] = await this.locks.timed(() =>
      preparedQuery<{ blocked_ms: number }>(
        this.tx,
        `SELECT (SELECT count(*) FROM (SELECT id FROM story WHERE id = ANY($1) AND merged_into_id IS NULL
                                        ORDER BY id FOR UPDATE) l) AS locked,
                ${BLOCKED_MS} AS blocked_ms`,
        [storyIds],
      ),
    );
    this.locks.blocked(locked.blocked_ms);
    const profiles = await this.currentProfiles(storyIds);
    return new Map(profiles.map((p) => [p.id, p]));
  }

  /**
   * Ends optimistic holding before a write: the held stories locked in id order, and the stories and members read
   * checked unchanged (a story merged away meanwhile counts as changed) in the same statement.
   */
  private async lockHeld(): Promise<void> {
    if (!this.unlocked) return;
    this.unlocked = false;
    const stories = [...this.heldVersions];
    const members = [...this.rowVersions.story_member];
    const headlines = [...this.rowVersions.story_headline];
    // A decision that held nothing (a headline's, a copy's attached to its story) has nothing to check.
    if (!stories.length && !members.length && !headlines.length) return;
    // Each row read is looked up by its key (OFFSET 0): as an anti-join, Postgres without statistics (autovacuum
    // off) scanned the whole member table for every decision.
    const changed = (table: string, ids: string, versions: string) =>
      `EXISTS (SELECT 1 FROM unnest(${ids}::uuid[], ${versions}::text[]) AS k(id, version)
                LEFT JOIN LATERAL (SELECT ${MEMBER_VERSION} AS version FROM ${table} WHERE article_id = k.id OFFSET 0) r
                       ON true
                WHERE r.version IS DISTINCT FROM k.version)`;
    const sent = performance.now();
    await this.writes.send<{ stale: boolean; blocked_ms: number }>(
      `WITH held AS (
           SELECT s.id, ${PROFILE_VERSION} AS version, s.merged_into_id FROM story s
            WHERE s.id = ANY($1) ORDER BY s.id FOR UPDATE)
         SELECT EXISTS (SELECT 1 FROM unnest($1::uuid[], $2::text[]) AS k(id, version) LEFT JOIN held h ON h.id = k.id
                         WHERE h.id IS NULL OR h.version <> k.version OR h.merged_into_id IS NOT NULL)
             OR ${changed('story_member', '$3', '$4')} OR ${changed('story_headline', '$5', '$6')} AS stale,
         ${BLOCKED_MS} AS blocked_ms`,
      [
        stories.map(([id]) => id),
        stories.map(([, v]) => v),
        members.map(([id]) => id),
        members.map(([, v]) => v),
        headlines.map(([id]) => id),
        headlines.map(([, v]) => v),
      ],
      ([row]) => {
        this.locks.waited(sent);
        this.locks.blocked(row.blocked_ms);
        if (row.stale)
          throw new StaleRead('a story or member this decision read unlocked changed before it was locked');
      },
    );
  }

  /**
   * The live profiles of `storyIds` as committed last (or written by this decision), each sent by Postgres only
   * when it is not the version this process already holds.
   */
  private async currentProfiles(storyIds: string[]): Promise<StoryProfile[]> {
    const rows: { id: string; version: string; profile: StoryProfile | null }[] = await preparedQuery(
      this.tx,
      `SELECT s.id, ${PROFILE_VERSION} AS version, CASE WHEN ${PROFILE_VERSION} = k.known THEN NULL ELSE s.profile END AS profile
         FROM unnest($1::uuid[], $2::text[]) AS k(id, known) JOIN story s ON s.id = k.id
        WHERE s.merged_into_id IS NULL`,
      [storyIds, storyIds.map((id) => this.reads.knownVersion(id))],
    );
    return rows.map((r) => {
      if (r.profile) this.reads.profileRead(r.version, r.profile);
      return this.reads.profile(r.id, r.version)!;
    });
  }

  async get(storyId: string): Promise<StoryProfile | null> {
    let id: string | null = storyId;
    for (let hops = 0; id && hops < 32; hops++) {
      const storyToLock: string = id;
      if (this.unlocked) {
        // Held as `hold` holds, unlocked until the first write locks every held story in id order. Locked here, a
        // copy's story was taken before the others and out of that order: two decisions then deadlocked (Postgres
        // broke each cycle after deadlock_timeout, 1 s, the longest waits at half load).
        const [row] = await preparedQuery<{ merged_into_id: string | null }>(
          this.tx,
          `SELECT merged_into_id FROM story WHERE id = $1`,
          [storyToLock],
        );
        if (!row) return null;
        if (!row.merged_into_id) {
          const held = (await this.hold([storyToLock])).get(storyToLock);
          // Merged between the two reads: followed from its row again.
          if (held) return held;
          continue;
        }
        id = row.merged_into_id;
        continue;
      }
      const [row]: { merged_into_id: string | null; blocked_ms: number }[] = await this.locks.timed(() =>
        preparedQuery(
          this.tx,
          `SELECT l.merged_into_id, ${BLOCKED_MS} AS blocked_ms
             FROM (SELECT merged_into_id FROM story WHERE id = $1 FOR UPDATE) l`,
          [storyToLock],
        ),
      );
      if (!row) return null;
      this.locks.blocked(row.blocked_ms);
      if (!row.merged_into_id) return (await this.currentProfiles([storyToLock]))[0];
      id = row.merged_into_id;
    }
    return null;
  }

  /**
   * The story row and its keys in one statement. Of the keys only what changed is written: keys the story lost go,
   * new ones come, and the rest are re-dated in steps.
   */
  async save(profile: StoryProfile, keys: string[]): Promise<void> {
    await this.lockHeld();
    await this.writes.send(
      `WITH saved AS (
         INSERT INTO story (id, title, article_count, first_seen_at, last_seen_at, profile, sources)
         VALUES ($1, $2, $3, $4, $5, $6, '{}')
         ON CONFLICT (id) DO UPDATE SET title = coalesce(story.title, $2), article_count = $3,
                first_seen_at = $4, last_seen_at = $5, profile = $6),
       wanted AS (SELECT DISTINCT unnest($7::text[]) AS key),
       lost AS (DELETE FROM story_key sk WHERE sk.story_id = $1 AND sk.key NOT IN (SELECT key FROM wanted))
       INSERT INTO story_key (key, story_id, last_seen_at) SELECT key, $1, $5 FROM wanted
       ON CONFLICT (key, story_id) DO UPDATE SET last_seen_at = excluded.last_seen_at
        WHERE story_key.last_seen_at < excluded.last_seen_at - interval '${KEY_REDATE_STEP}'`,
      [
        profile.id,
        profile.title,
        profile.articleCount,
        profile.firstSeen,
        profile.lastSeen,
        JSON.stringify(profile),
        keys,
      ],
    );
  }

  async markMerged(storyId: string, intoStoryId: string): Promise<void> {
    await this.lockHeld();
    await this.writes.send(`UPDATE story SET merged_into_id = $2 WHERE id = $1`, [storyId, intoStoryId]);
    await this.writes.send(`DELETE FROM story_key WHERE story_id = $1`, [storyId]);
    await this.writes.send(`UPDATE story_member SET story_id = $2 WHERE story_id = $1`, [storyId, intoStoryId]);
    await this.writes.send(`UPDATE story_headline SET story_id = $2 WHERE story_id = $1`, [storyId, intoStoryId]);
  }

  async recentMembers(storyIds: string[], perStory: number): Promise<StoryMember[]> {
    if (!storyIds.length) return [];
    const rows: MemberRow[] = await preparedQuery(
      this.tx,
      `SELECT m.* FROM unnest($1::uuid[]) WITH ORDINALITY AS s(id, rank)
         CROSS JOIN LATERAL (SELECT article_id, ${MEMBER_VERSION} AS row_version, story_id, canonical_id, title, time,
                                    neighbours FROM story_member
                              WHERE story_id = s.id ORDER BY time DESC, article_id DESC LIMIT $2) m
        ORDER BY s.rank, m.time DESC, m.article_id DESC`,
      [storyIds, perStory],
    );
    return this.withVectors('story_member', rows);
  }

  async recentHeadlines(storyIds: string[], perStory: number): Promise<StoryMember[]> {
    if (!storyIds.length) return [];
    const rows: MemberRow[] = await preparedQuery(
      this.tx,
      `SELECT m.* FROM unnest($1::uuid[]) WITH ORDINALITY AS s(id, rank)
         CROSS JOIN LATERAL (SELECT h.article_id, h.${MEMBER_VERSION} AS row_version, h.story_id, a.canonical_id,
                                    h.title, h.time, '[]'::jsonb AS neighbours
                               FROM story_headline h LEFT JOIN article a ON a.id = h.article_id
                              WHERE h.story_id = s.id ORDER BY h.time DESC, h.article_id DESC LIMIT $2) m
        ORDER BY s.rank, m.time DESC, m.article_id DESC`,
      [storyIds, perStory],
    );
    return this.withVectors('story_headline', rows);
  }

  /** The rows' vectors: from the cache, and in one read for those it lacks. */
  private async withVectors(table: 'story_member' | 'story_headline', rows: MemberRow[]): Promise<StoryMember[]> {
    if (this.unlocked) for (const r of rows) this.rowVersions[table].set(r.article_id, r.row_version);
    const missing = rows.filter((r) => !this.reads.memberVectors(r.article_id)).map((r) => r.article_id);
    if (missing.length) {
      const read: { article_id: string; vectors: MemberVectors }[] = await preparedQuery(
        this.tx,
        `SELECT article_id, vectors FROM ${table} WHERE article_id = ANY($1)`,
        [missing],
      );
      for (const r of read) this.reads.vectorsRead(r.article_id, r.vectors);
    }
    return rows.map((r) => toMember(r, this.reads.memberVectors(r.article_id)!));
  }

  /** Vectors are written once, with the article's own decision; saved again, a headline only changes story. */
  async saveHeadlines(headlines: StoryMember[]): Promise<void> {
    await this.lockHeld();
    if (!headlines.length) return;
    this.keepVectors(headlines);
    await this.writes.send(
      `INSERT INTO story_headline (article_id, story_id, title, time, vectors)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::jsonb[])
       ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id`,
      [
        headlines.map((h) => h.articleId),
        headlines.map((h) => h.storyId),
        headlines.map((h) => h.title),
        headlines.map((h) => h.time),
        headlines.map(vectorsJson),
      ],
    );
  }

  /** As headlines, a member's vectors are written once: saved again, its story, canonical and neighbours change. */
  async saveMembers(members: StoryMember[]): Promise<void> {
    await this.lockHeld();
    if (!members.length) return;
    this.keepVectors(members);
    const ids = members.map((m) => m.articleId);
    await this.writes.send(
      `INSERT INTO story_member (article_id, story_id, canonical_id, title, time, vectors, neighbours)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::jsonb[], $7::jsonb[])
       ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, canonical_id = excluded.canonical_id,
              neighbours = excluded.neighbours`,
      [
        ids,
        members.map((m) => m.storyId),
        members.map((m) => m.canonicalId),
        members.map((m) => m.title),
        members.map((m) => m.time),
        members.map(vectorsJson),
        members.map((m) => JSON.stringify(m.neighbours)),
      ],
    );
    // The copies are found through their canonical's index entry (OFFSET 0 keeps the lookup per member), and updated
    // by their own: joined as sets, Postgres without statistics (autovacuum off here) scanned the whole table for
    // every decision, a cost that grew with the number of articles stored.
    await this.writes.send(
      `UPDATE story_member c SET story_id = m.story_id
         FROM story_member m
        WHERE c.article_id = ANY(ARRAY(
                SELECT cc.article_id FROM unnest($1::uuid[]) AS k(id)
                 CROSS JOIN LATERAL (SELECT article_id FROM story_member
                                      WHERE canonical_id = k.id AND canonical_id IS NOT NULL OFFSET 0) cc))
          AND m.article_id = c.canonical_id AND c.story_id <> m.story_id`,
      [ids],
    );
  }

  /** The vectors of the articles this decision adds, for the decisions after it (copied: the caller keeps its own). */
  private keepVectors(members: StoryMember[]): void {
    const pairs = (keys: StoryMember['terms']): StoryMember['terms'] => keys.map(([key, w]) => [key, w]);
    for (const m of members) {
      if (this.reads.memberVectors(m.articleId)) continue;
      this.reads.vectorsRead(m.articleId, {
        terms: pairs(m.terms),
        entities: pairs(m.entities),
        titleTerms: pairs(m.titleTerms),
      });
    }
  }

  async saveNeighbours(members: Pick<StoryMember, 'articleId' | 'neighbours'>[]): Promise<void> {
    await this.lockHeld();
    if (!members.length) return;
    await this.writes.send(
      `UPDATE story_member m SET neighbours = u.neighbours
         FROM unnest($1::uuid[], $2::jsonb[]) AS u(article_id, neighbours) WHERE m.article_id = u.article_id`,
      [members.map((m) => m.articleId), members.map((m) => JSON.stringify(m.neighbours))],
    );
  }

  async repointMembers(articleIds: string[], canonicalId: string): Promise<void> {
    await this.lockHeld();
    await this.writes.send(`UPDATE story_member SET canonical_id = $2 WHERE article_id = ANY($1)`, [
      articleIds,
      canonicalId,
    ]);
  }
}
