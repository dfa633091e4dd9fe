import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, EntityManager } from 'typeorm';
import { ArticleJobPayload, ArticleStatus, StoryEntityV1, StoryEventType } from '@storyline/contracts';
import {
  extractEntities,
  mentionZone,
  multiWordNames,
  ResolvedMention,
  settleNameTypes,
  StoredNameEntity,
} from '@storyline/nlp';
import { ArticleFailures } from '../stage/article-failures.service';
import { StageAttempt } from '../stage/stage-attempt';
import { StoryEvents } from '../outbox/story-events.service';
import { NerModelProvider } from './ner-model.provider';
import { countInStory, fileArrivals, takeBackFromStory } from './story-entity-filing';

/** The types an entity can have, from the event schema that publishes them. */
const ENTITY_TYPES = StoryEntityV1.shape.type.options;

/** What one try of the entities transaction came to: done (or nothing left to do), or the article had moved. */
type Outcome =
  { kind: 'done'; event: { type: StoryEventType; version: number } | null } | { kind: 'moved'; to: string };

/** Transactions made again in one job when the article moved to another story meanwhile. */
const MOVE_RETRIES = 5;

interface ArticleRow {
  revision: number;
  status: ArticleStatus;
  title: string | null;
  text: string | null;
  story_id: string | null;
}

/**
 * Stage 3: people, organisations and places of one article, resolved to entities shared across articles;
 * then the article counted in its story's entity aggregates, marked done and the story event written — one
 * transaction, so a subscriber's snapshot always includes what it announces. What the transaction does is the
 * article's own work (its entities, aliases, mentions and their deltas to the story): nothing in it reads or
 * rewrites the rest of the story, so its cost does not grow with the story.
 */
@Injectable()
export class ExtractEntities {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ner: NerModelProvider,
    private readonly failures: ArticleFailures,
    private readonly events: StoryEvents,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(ExtractEntities.name);
  }

  execute(job: ArticleJobPayload, attempt: StageAttempt): Promise<void> {
    return this.failures.guard('entities', job, attempt, () => this.run(job));
  }

  private async run({ articleId, revision }: ArticleJobPayload): Promise<void> {
    const [row]: ArticleRow[] = await this.db.query(
      `SELECT revision, status, title, text, story_id FROM article WHERE id = $1`,
      [articleId],
    );
    if (!row) throw new UnrecoverableError(`article ${articleId} does not exist`);
    if (row.revision !== revision || row.status === ArticleStatus.Done) return;
    if (row.status !== ArticleStatus.Clustered || !row.story_id) {
      throw new Error(`article ${articleId} is ${row.status}, not clustered`);
    }
    const mentions =
      (await this.reusedFromExactCopy(articleId, row)) ?? (await this.adoptEstablishedTypes(this.recognize(row)));

    // The story first, then the article row: the order dedupe takes (it saves story profiles, then updates
    // articles' story_id, then restates the stories' entity rows), so the two never wait on each other in a cycle.
    // The story is therefore locked before the article's own row says which it is now: when a burst of related
    // articles moved or merged it in the meantime, the transaction is rolled back and made again with its new
    // story (a few times, then the job's own retries take over). The lock also serialises the articles of one
    // story at their story rows; it is held for the writes of this one article, never across tagging or a
    // re-ranking of the story (salience is computed when read).
    let storyId: string = row.story_id;
    let event: { type: StoryEventType; version: number } | null = null;
    for (let tries = 1; ; tries++) {
      const locked = storyId;
      const outcome = await this.db.transaction(async (tx): Promise<Outcome> => {
        await tx.query(`SELECT id FROM story WHERE id = $1 FOR UPDATE`, [locked]);
        const [current] = await tx.query(
          `SELECT status, revision, story_id, entities_story_id FROM article WHERE id = $1 FOR UPDATE`,
          [articleId],
        );
        if (current.status !== ArticleStatus.Clustered || current.revision !== revision) {
          return { kind: 'done', event: null };
        }
        if (current.story_id !== locked) return { kind: 'moved', to: current.story_id };
        // Tagged before (a re-normalized article): its earlier mentions leave the story that counts them.
        if (current.entities_story_id) await takeBackFromStory(tx, current.entities_story_id, [articleId]);
        await this.storeMentions(tx, articleId, row.title ?? '', mentions);
        // clock_timestamp(): when this article finished, not when its transaction began.
        await tx.query(
          `UPDATE article SET status = $2, entities_at = clock_timestamp(), done_at = clock_timestamp(),
                  entities_story_id = $3 WHERE id = $1`,
          [articleId, ArticleStatus.Done, locked],
        );
        await countInStory(tx, locked, [articleId]);
        await fileArrivals(tx, locked);
        return { kind: 'done', event: await this.events.storyChanged(tx, locked) };
      });
      if (outcome.kind === 'done') {
        event = outcome.event;
        break;
      }
      if (tries >= MOVE_RETRIES) throw new Error(`article ${articleId} kept moving between stories; retrying later`);
      storyId = outcome.to;
    }
    if (!event) return;
    this.logger.info(
      { articleId, mentions: mentions.length, event: event.type, version: event.version },
      'entities extracted',
    );
    await this.events.nudge(event.type);
  }

  private recognize(row: ArticleRow): ResolvedMention[] {
    return extractEntities(this.ner.model, { title: row.title ?? '', text: row.text ?? '' }).mentions;
  }

  /** Multi-word names take the type the store and the article together favour (see settleNameTypes). */
  private async adoptEstablishedTypes(mentions: ResolvedMention[]): Promise<ResolvedMention[]> {
    const names = multiWordNames(mentions);
    if (names.length === 0) return mentions;
    const stored: StoredNameEntity[] = await this.db.query(
      `SELECT key, type, mention_count AS mentions FROM entity WHERE key = ANY($1)`,
      [names.flatMap((name) => ENTITY_TYPES.map((type) => `${type}:${name}`))],
    );
    return settleNameTypes(mentions, stored);
  }

  /** An exact copy (same title and text) has the same mentions: reuse the canonical's instead of tagging again. */
  private async reusedFromExactCopy(articleId: string, row: ArticleRow): Promise<ResolvedMention[] | null> {
    const rows: (ResolvedMention & { n: number })[] = await this.db.query(
      `SELECT m.start, m."end", m.text, m.type, m.sentence, e.key AS "entityKey", e.canonical_name AS canonical, 1 AS n
         FROM syndication_link l
         JOIN article c ON c.id = l.canonical_id AND c.status = 'done' AND c.title IS NOT DISTINCT FROM $2 AND c.text = $3
         JOIN entity_mention m ON m.article_id = c.id JOIN entity e ON e.id = m.entity_id
        WHERE l.copy_id = $1 AND l.kind = 'exact' ORDER BY m.start`,
      [articleId, row.title, row.text],
    );
    return rows.length ? rows.map(({ n: _n, ...m }) => m) : null;
  }

  /**
   * The article's entities, aliases and mentions, replacing those of an earlier run: a fixed number of set-based
   * statements whatever the number of entities.
   */
  private async storeMentions(
    tx: EntityManager,
    articleId: string,
    title: string,
    mentions: ResolvedMention[],
  ): Promise<void> {
    const byKey = new Map<string, ResolvedMention[]>();
    for (const m of mentions) byKey.set(m.entityKey, [...(byKey.get(m.entityKey) ?? []), m]);
    // Sorted keys: concurrent articles upsert shared entities in the same order and never deadlock.
    const keys = [...byKey.keys()].sort();
    // New entities are created first, empty, in key order: an entity another article creates meanwhile is then
    // waited for here, before this run holds any lock — created by the upserts below, after the lock, it could be
    // held by an article that waits for an entity this run has locked (a deadlock under ordinary load).
    if (keys.length) {
      await tx.query(
        `INSERT INTO entity (id, key, type, canonical_name, mention_count)
         SELECT gen_random_uuid(), k, t, c, 0 FROM unnest($1::text[], $2::text[], $3::text[]) AS u(k, t, c) ORDER BY k
         ON CONFLICT (key) DO NOTHING`,
        [keys, keys.map((k) => byKey.get(k)![0].type), keys.map((k) => byKey.get(k)![0].canonical)],
      );
    }
    // Every entity this run touches — those of the article's earlier mentions too (a re-run), which are
    // decremented first — locked at once in key order: otherwise a re-run would hold an old entity while waiting
    // for a new one that another article holds while waiting for it.
    await tx.query(
      `SELECT e.id FROM entity e
        WHERE e.id IN (SELECT entity_id FROM entity_mention WHERE article_id = $1) OR e.key = ANY($2)
        ORDER BY e.key FOR UPDATE`,
      [articleId, keys],
    );
    // A re-run (re-normalization) replaces the article's earlier mentions: take back what they counted. One
    // statement, which finds nothing to do for an article tagged the first time.
    await tx.query(
      `WITH old AS (DELETE FROM entity_mention WHERE article_id = $1 RETURNING entity_id, text),
       entities AS (UPDATE entity e SET mention_count = e.mention_count - c.n
                      FROM (SELECT entity_id, count(*)::int AS n FROM old GROUP BY entity_id) c
                     WHERE e.id = c.entity_id)
       UPDATE entity_alias a SET count = a.count - c.n
         FROM (SELECT entity_id, text, count(*)::int AS n FROM old GROUP BY entity_id, text) c
        WHERE a.entity_id = c.entity_id AND a.alias = c.text`,
      [articleId],
    );
    if (!keys.length) return;
    const aliases: { key: string; alias: string; count: number }[] = [];
    for (const key of keys) {
      const group = byKey.get(key)!;
      const counts = new Map<string, number>();
      for (const m of group) counts.set(m.text, (counts.get(m.text) ?? 0) + 1);
      counts.set(group[0].canonical, counts.get(group[0].canonical) ?? 0);
      for (const [alias, count] of counts) aliases.push({ key, alias, count });
    }
    // Entities counted up (a longer canonical name wins), their aliases and the mentions, in one statement.
    await tx.query(
      `WITH u AS (SELECT * FROM unnest($2::text[], $3::text[], $4::int[]) AS u(key, canonical, n)),
       entities AS (
         UPDATE entity e SET mention_count = e.mention_count + u.n, updated_at = now(),
           canonical_name = CASE WHEN array_length(string_to_array(u.canonical, ' '), 1)
                                      > array_length(string_to_array(e.canonical_name, ' '), 1)
                                 THEN u.canonical ELSE e.canonical_name END
           FROM u WHERE e.key = u.key
         RETURNING e.id, e.key),
       aliases AS (
         INSERT INTO entity_alias AS a (entity_id, alias, count)
         SELECT entities.id, x.alias, x.n FROM unnest($5::text[], $6::text[], $7::int[]) AS x(key, alias, n)
           JOIN entities ON entities.key = x.key ORDER BY 1, 2
         ON CONFLICT (entity_id, alias) DO UPDATE SET count = a.count + EXCLUDED.count)
       INSERT INTO entity_mention (article_id, entity_id, start, "end", text, type, sentence, zone)
       SELECT $1, entities.id, m.start, m."end", m.text, m.type, m.sentence, m.zone
         FROM unnest($8::text[], $9::int[], $10::int[], $11::text[], $12::text[], $13::int[], $14::int[])
              AS m(key, start, "end", text, type, sentence, zone)
         JOIN entities ON entities.key = m.key`,
      [
        articleId,
        keys,
        keys.map((k) => byKey.get(k)![0].canonical),
        keys.map((k) => byKey.get(k)!.length),
        aliases.map((a) => a.key),
        aliases.map((a) => a.alias),
        aliases.map((a) => a.count),
        mentions.map((m) => m.entityKey),
        mentions.map((m) => m.start),
        mentions.map((m) => m.end),
        mentions.map((m) => m.text),
        mentions.map((m) => m.type),
        mentions.map((m) => m.sentence),
        mentions.map((m) => mentionZone(m.start, title)),
      ],
    );
  }
}
