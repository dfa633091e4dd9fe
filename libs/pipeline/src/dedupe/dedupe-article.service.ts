import { performance } from 'node:perf_hooks';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import { preparedQuery, sqlState, StatementPipeline } from '@storyline/database';
import { ArticleJobPayload, ArticleStatus, JobName } from '@storyline/contracts';
import {
  ArticleMove,
  ArticleProcessor,
  articleTimes,
  ClusteringTime,
  clusteringTime,
  DEFAULT_STORY_OPTIONS,
  fingerprintArticle,
  FoundingRace,
  groupBy,
  loadBackgroundFrequencies,
  ProcessedArticle,
  StoryAssigner,
  StoryMerge,
  SyndicationDetector,
  SyndicationLink,
} from '@storyline/stories';
import { fingerprintBandKeys, Provenance, TextFingerprint } from '@storyline/text';
import { PipelineQueue } from '../queue/pipeline-queue';
import { ArticleFailures } from '../stage/article-failures.service';
import { JobBatcher } from '../stage/job-batcher';
import { StageAttempt } from '../stage/stage-attempt';
import { StoryEvents } from '../outbox/story-events.service';
import { DecisionLocks } from './decision-locks';
import { inDecisionTransaction } from './decision-transaction';
import { PgStoryStore, StaleRead } from './pg-story-store';
import { PgSyndicationIndex } from './pg-syndication-index';
import { PgTermStatistics } from './pg-term-statistics';
import { StreamTermCounts } from './stream-term-counts';
import { StoryReadCache } from './story-read-cache';
import { summarizeStoryEntities } from '../entities/story-entity-summary';

/** Tries of a decision in one job when Postgres fails it to break a deadlock or a lock wait runs out. */
const DECISION_TRIES = 3;

/** Postgres errors that say "the same decision, made again, will likely go through" (besides the races below). */
const RETRYABLE = new Set([
  '40P01', // deadlock_detected: a decision that took a story outside the usual order (a copy's story)
  '55P03', // lock_not_available: lock_timeout ran out behind a decision that stalled
]);

/** A syndicated copy's canonical article was moved to another story while the copy was being decided. */
class CanonicalMoved extends Error {}

function retryable(error: unknown): boolean {
  return error instanceof CanonicalMoved || error instanceof FoundingRace || RETRYABLE.has(sqlState(error));
}

/**
 * What a decision cost, in its explanation: `lockWaitMs` of `decisionMs` were spent waiting for decisions that
 * held the same bands, keys or stories (the part of clustering that does not run in parallel), as the worker saw it;
 * `lockBlockedMs` of that is the time Postgres kept the lock statements blocked, without the worker's event loop
 * getting to their answers (see DecisionLocks). All include an optimistic attempt made again because its reads went
 * stale (`staleReads`: 0 or 1).
 */
interface DecisionTiming {
  decisionMs: number;
  lockWaitMs: number;
  lockBlockedMs: number;
  staleReads: number;
}

/** How a decision holds its stories (see PgStoryStore), and what its earlier attempts cost. */
interface DecisionAttempt {
  holding: 'optimistic' | 'pessimistic';
  spent: DecisionTiming;
}

/**
 * What one try of a decision works with. Its writes to the story store and the syndication index go out without
 * waiting for their answers (StatementPipeline), and are settled once the decision is made, before its own writes and
 * the commit: the rows it locks are then held for a few turns of the worker's event loop, not one per statement.
 */
interface DecisionParts {
  processor: ArticleProcessor;
  index: PgSyndicationIndex;
  writes: StatementPipeline;
  locks: DecisionLocks;
}

/** Articles went from one story to another: both are restated. */
type StoryChange = Pick<ArticleMove, 'fromStoryId' | 'toStoryId'>;

const round = (ms: number): number => Math.round(ms * 100) / 100;

/**
 * The syndication links a decision made or repointed: a repointed copy's own canonical_id moves with its link, and
 * the new article, when it became its group's canonical ($7), copies nobody. Parameters $1 (the article) to $7.
 */
const LINK_WRITES = `links AS (
    INSERT INTO syndication_link (copy_id, canonical_id, kind, jaccard, containment)
    SELECT * FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::real[], $6::real[])
    ON CONFLICT (copy_id) DO UPDATE SET canonical_id = excluded.canonical_id, kind = excluded.kind,
           jaccard = excluded.jaccard, containment = excluded.containment),
  repointed AS (
    UPDATE article a SET canonical_id = l.canonical_id FROM unnest($2::uuid[], $3::uuid[]) AS l(copy_id, canonical_id)
     WHERE a.id = l.copy_id AND a.id <> $1),
  unlinked AS (DELETE FROM syndication_link WHERE copy_id = $1 AND $7::boolean)`;

/** The links alone, for a decision that moves articles: copies follow the canonical they have after it. */
const RECORD_LINKS = `WITH ${LINK_WRITES} SELECT 1`;

/**
 * Copies go where their canonical article is: after a decision's moves, merges and repoints, every copy of the
 * canonicals in $1 that is in another story joins its canonical's, with its member or headline row. Returns the
 * stories copies left and joined, to be restated. Copies clustered with their canonical moved with it already;
 * these are the others (attached without clustering, or not among the recent members), and the group of a new
 * canonical, whose copies pointed at another article until this decision. Every row is reached through an index
 * (the lateral lookup per canonical, ANY of the strays' ids): joined as sets, Postgres without statistics
 * (autovacuum off) scanned the three tables whole for every decision, a cost growing with the articles stored.
 */
const FOLLOW_CANONICALS = `WITH strays AS MATERIALIZED (
    SELECT c.id, c.story_id AS from_story, k.story_id AS to_story
      FROM unnest($1::uuid[]) AS l(id) JOIN article k ON k.id = l.id
     CROSS JOIN LATERAL (SELECT id, story_id FROM article WHERE canonical_id = l.id OFFSET 0) c
     WHERE c.story_id IS DISTINCT FROM k.story_id),
  articles AS (UPDATE article a SET story_id = s.to_story FROM strays s
                WHERE a.id = ANY(ARRAY(SELECT id FROM strays)) AND a.id = s.id),
  members AS (UPDATE story_member m SET story_id = s.to_story FROM strays s
               WHERE m.article_id = ANY(ARRAY(SELECT id FROM strays)) AND m.article_id = s.id),
  headlines AS (UPDATE story_headline h SET story_id = s.to_story FROM strays s
                 WHERE h.article_id = ANY(ARRAY(SELECT id FROM strays)) AND h.article_id = s.id)
  SELECT DISTINCT from_story AS "fromStoryId", to_story AS "toStoryId" FROM strays`;

/**
 * A decision's writes about its article in one statement (one round trip, one new version of the article's row):
 * the links, its story, canonical and explanation, and its source among its story's ($12; null when the caller
 * recounts them) unless already there, so that most articles write no new version of the story row for it.
 */
const RECORD_DECISION = `WITH ${LINK_WRITES},
  sourced AS (
    UPDATE story SET sources = ARRAY(SELECT DISTINCT unnest(sources || ARRAY[$12::text]) ORDER BY 1)
     WHERE id = $8 AND $12::text IS NOT NULL AND NOT $12::text = ANY(sources))
  UPDATE article SET story_id = $8, canonical_id = $9, story_decision = $10, status = $11, clustered_at = clock_timestamp()
   WHERE id = $1`;

interface ArticleRow {
  story_id: string | null;
  revision: number;
  status: ArticleStatus;
  title: string | null;
  text: string | null;
  source: string | null;
  published_at: Date | null;
  /** The normalizer's provenance of `published_at` (`metadata.publishedAt.source`). */
  published_source: Provenance | null;
  received_at: Date;
}

/** The {@link ArticleRow} of an article. */
const READ_ARTICLE = `SELECT revision, status, title, text, source, published_at,
  metadata -> 'publishedAt' ->> 'source' AS published_source, received_at, story_id
  FROM article WHERE id = $1`;

/**
 * Stage 2: recognise syndicated copies and assign the article to a story, then hand it to entities.
 * Everything the decision writes (indexes, links, story profile, merges) commits in one transaction.
 *
 * Each job is decided on its own, as soon as the worker takes it; decided articles go on to entities together with
 * whatever else was decided within the batch window (see JobBatcher), and entities then meets articles of one story
 * together and files them as one version. Jobs decided as batches waited for the batch's slowest decision (one queued
 * behind another process's locks) before they completed or went on: the worker's other slots sat idle meanwhile.
 */
@Injectable()
export class DedupeArticle {
  private readonly background = PgTermStatistics.backgroundOf(loadBackgroundFrequencies());
  private readonly handOn: JobBatcher<ArticleJobPayload, void>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: PipelineQueue,
    private readonly failures: ArticleFailures,
    private readonly events: StoryEvents,
    private readonly termCounts: StreamTermCounts,
    private readonly readCache: StoryReadCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(DedupeArticle.name);
    this.handOn = new JobBatcher<ArticleJobPayload, void>(
      async (decided) => {
        await this.queue.enqueueMany(JobName.ExtractEntities, decided);
        return decided.map(() => ({ ok: true, value: undefined }));
      },
      { maxSize: config.STAGE_BATCH_SIZE, windowMs: config.STAGE_BATCH_WINDOW_MS },
    );
  }

  execute(job: ArticleJobPayload, attempt: StageAttempt): Promise<void> {
    return this.failures.guard('dedupe', job, attempt, async () => {
      const [row] = await preparedQuery<ArticleRow>(this.db.manager, READ_ARTICLE, [job.articleId]);
      if (await this.run(job, row)) await this.handOn.add(job);
    });
  }

  /** Decides the article; true when it is to be handed on to entities. */
  private async run({ articleId, revision }: ArticleJobPayload, row: ArticleRow | undefined): Promise<boolean> {
    if (!row) throw new UnrecoverableError(`article ${articleId} does not exist`);
    if (row.revision !== revision) return false;
    // Clustered or done: decided by an earlier run that crashed before handing on.
    if (row.status === ArticleStatus.Clustered || row.status === ArticleStatus.Done) return true;
    if (row.status !== ArticleStatus.Normalized) {
      throw new Error(`article ${articleId} is ${row.status}, not normalized`);
    }
    const fingerprint = fingerprintArticle({ title: row.title, body: row.text ?? '' });
    // Optimistic first (see PgStoryStore); a decision whose reads went stale is made again holding its stories.
    const attempt: DecisionAttempt = {
      holding: 'optimistic',
      spent: { decisionMs: 0, lockWaitMs: 0, lockBlockedMs: 0, staleReads: 0 },
    };
    for (let tries = 1; ; tries++) {
      try {
        const decided = await this.decideOnce({ ...row, id: articleId }, fingerprint, attempt);
        if (decided === 'moved on') return false;
        this.report(articleId, decided);
        break;
      } catch (error) {
        if (error instanceof StaleRead && attempt.holding === 'optimistic') {
          attempt.holding = 'pessimistic';
          tries--;
          this.logger.debug({ articleId }, 'story decision made again holding its stories: a read went stale');
          continue;
        }
        if (!retryable(error) || tries >= DECISION_TRIES) throw error;
        this.logger.info({ articleId, tries, err: error }, 'story decision made again after a lock conflict');
      }
    }
    return true;
  }

  /**
   * One transaction: the article's own row locked (a re-normalization cannot start a new revision under the
   * decision, nor a second job decide it too), then the locks of what it reads (DecisionLocks), the decision and
   * its writes. The statistics it observed are counted, and what it read is cached, once it has committed.
   */
  private async decideOnce(
    loaded: ArticleRow & { id: string },
    fingerprint: TextFingerprint,
    attempt: DecisionAttempt,
  ): Promise<ProcessedArticle | null | 'moved on'> {
    let statistics: PgTermStatistics | undefined;
    const reads = this.readCache.decision();
    const outcome = await inDecisionTransaction(this.db, async (tx) => {
      const [current]: Pick<ArticleRow, 'revision' | 'status' | 'story_id'>[] = await preparedQuery(
        tx,
        `SELECT revision, status, story_id FROM article WHERE id = $1 FOR UPDATE`,
        [loaded.id],
      );
      if (current?.revision !== loaded.revision || current.status !== ArticleStatus.Normalized) {
        return 'moved on' as const;
      }
      const row = { ...loaded, story_id: current.story_id };
      const locks = new DecisionLocks(tx);
      statistics = new PgTermStatistics(tx, this.background, this.termCounts);
      const peers = new Map<string, string | null>();
      const writes = await StatementPipeline.on(tx);
      const index = new PgSyndicationIndex(tx, writes);
      const store = new PgStoryStore(tx, locks, reads, attempt.holding, writes);
      const processor = this.processor(tx, index, store, statistics, peers);
      return this.decide(tx, { processor, index, writes, locks }, row, fingerprint, peers, attempt.spent);
    });
    statistics?.countObserved();
    reads.commit();
    if (outcome && outcome !== 'moved on' && (outcome.decision?.merges.length || outcome.decision?.moves.length)) {
      await this.events.nudge();
    }
    return outcome;
  }

  private report(articleId: string, outcome: ProcessedArticle | null): void {
    if (!outcome) {
      this.logger.info({ articleId }, 'kept the story decision of an earlier revision');
      return;
    }
    this.logger.info(
      {
        articleId,
        storyId: outcome.storyId,
        action: outcome.decision?.action ?? 'copy',
        canonicalId: outcome.syndication.link?.canonicalId ?? null,
      },
      'clustered',
    );
  }

  private processor(
    tx: EntityManager,
    index: PgSyndicationIndex,
    store: PgStoryStore,
    statistics: PgTermStatistics,
    peers: Map<string, string | null>,
  ): ArticleProcessor {
    return new ArticleProcessor(
      new SyndicationDetector(index),
      new StoryAssigner(store, statistics, {
        quietAfterMs: this.config.STORY_WINDOW_HOURS * 3_600_000,
        neighbourhood: { ...DEFAULT_STORY_OPTIONS.neighbourhood, threshold: this.config.STORY_LINK_THRESHOLD },
      }),
      async (id) => {
        const storyId: string | null = (await preparedQuery(tx, `SELECT story_id FROM article WHERE id = $1`, [id]))[0]
          ?.story_id;
        peers.set(id, storyId ?? null);
        return storyId ?? null;
      },
    );
  }

  /**
   * Decides one article, or — when an earlier revision was already decided (a re-normalization) — keeps that
   * decision: the article is in its story's profile and the indexes once, and stays so (null).
   */
  private async decide(
    tx: EntityManager,
    { processor, index, writes, locks }: DecisionParts,
    row: ArticleRow & { id: string },
    fingerprint: TextFingerprint,
    peers: Map<string, string | null>,
    spent: DecisionTiming,
  ): Promise<ProcessedArticle | null> {
    if (row.story_id) {
      await preparedQuery(tx, `UPDATE article SET status = $2, clustered_at = clock_timestamp() WHERE id = $1`, [
        row.id,
        ArticleStatus.Clustered,
      ]);
      return null;
    }
    const published =
      row.published_at && row.published_source
        ? { at: new Date(row.published_at), source: row.published_source }
        : null;
    const time = clusteringTime(
      articleTimes(published, new Date(row.received_at)),
      this.config.STORY_WINDOW_HOURS * 3_600_000,
    );
    const started = performance.now();
    if (fingerprint.tokenCount > 0) {
      await locks.lock('band', [`hash:${fingerprint.contentHash}`, ...fingerprintBandKeys(fingerprint)]);
    }
    const article = { id: row.id, title: row.title, body: row.text ?? '', time: time.at };
    let result: ProcessedArticle;
    try {
      result = await processor.process(article, fingerprint);
      await this.checkPeerStories(writes, peers);
      await writes.settle();
    } catch (error) {
      // Statements after a failed one fail too: the first failure is the one to act on.
      const cause = writes.failure ?? error;
      if (cause instanceof StaleRead) {
        spent.decisionMs += performance.now() - started;
        spent.lockWaitMs += locks.waitedMs;
        spent.lockBlockedMs += locks.blockedMs;
        spent.staleReads++;
      }
      throw cause;
    }
    const timing: DecisionTiming = {
      decisionMs: round(spent.decisionMs + performance.now() - started),
      lockWaitMs: round(spent.lockWaitMs + locks.waitedMs),
      lockBlockedMs: round(spent.lockBlockedMs + locks.blockedMs),
      staleReads: spent.staleReads,
    };
    // The article's ~100 band rows go only into a decision that stands: sent before the settled checks, they were
    // left dead by every decision made again after a stale read.
    await index.flush();
    try {
      await this.persist(tx, row.id, row.source, result, time, timing);
    } catch (error) {
      throw writes.failure ?? error;
    }
    return result;
  }

  /**
   * A copy goes to its canonical's story, read before that story was held (a decision holds its stories together,
   * in id order, so that none waits on another in a cycle): if another decision moved the canonical meanwhile,
   * this one is made again rather than leave the copy behind. Checked before this
   * decision's own writes to articles, which may move the canonical too.
   */
  private async checkPeerStories(writes: StatementPipeline, peers: Map<string, string | null>): Promise<void> {
    for (const [articleId, storyId] of peers) {
      await writes.send<{ story_id: string | null }>(
        `SELECT story_id FROM article WHERE id = $1`,
        [articleId],
        ([row]) => {
          if (row && row.story_id !== storyId) {
            throw new CanonicalMoved(`article ${articleId} moved to story ${row.story_id} during the decision`);
          }
        },
      );
    }
  }

  private async persist(
    tx: EntityManager,
    articleId: string,
    source: string | null,
    r: ProcessedArticle,
    time: ClusteringTime,
    timing: DecisionTiming,
  ) {
    const links: SyndicationLink[] = [...(r.syndication.link ? [r.syndication.link] : []), ...r.syndication.repointed];
    const linkParams = [
      articleId,
      links.map((l) => l.copyId),
      links.map((l) => l.canonicalId),
      links.map((l) => l.kind),
      links.map((l) => l.jaccard),
      links.map((l) => l.containment),
      r.syndication.repointed.length > 0,
    ];
    const moves = r.decision?.moves ?? [];
    const merges = r.decision?.merges ?? [];
    const restating = moves.length > 0 || merges.length > 0;
    if (restating) await preparedQuery(tx, RECORD_LINKS, linkParams);
    if (moves.length) {
      // The moved article's explanation says what moved it last (movedTo, movedBy) and keeps every move in order
      // (moveHistory): an article can be moved more than once as its stories take shape. Its copies that were
      // not clustered with it follow below.
      await preparedQuery(
        tx,
        `UPDATE article a SET story_id = m.to_story,
                story_decision = a.story_decision || jsonb_build_object(
                    'movedTo', m.to_story::text,
                    'movedBy', $4::text,
                    'moveHistory', COALESCE(a.story_decision -> 'moveHistory', '[]'::jsonb) || jsonb_build_array(
                      jsonb_build_object('fromStoryId', m.from_story::text, 'toStoryId', m.to_story::text,
                                         'movedBy', $4::text, 'at', now())))
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS m(id, from_story, to_story)
          WHERE a.id = m.id`,
        [moves.map((m) => m.articleId), moves.map((m) => m.fromStoryId), moves.map((m) => m.toStoryId), articleId],
      );
    }
    for (const merge of merges) {
      await preparedQuery(tx, `UPDATE article SET story_id = $2 WHERE story_id = $1`, [
        merge.storyId,
        merge.intoStoryId,
      ]);
      await preparedQuery(
        tx,
        `INSERT INTO story_merge (id, merged_story_id, into_story_id, article_id) VALUES (gen_random_uuid(), $1, $2, $3)`,
        [merge.storyId, merge.intoStoryId, articleId],
      );
      await preparedQuery(tx, `DELETE FROM story_entity WHERE story_id = $1`, [merge.storyId]);
    }
    const decision = JSON.stringify({
      ...(r.decision ?? { action: 'copy', reason: `syndicated copy: joined the story of its canonical article` }),
      time: { ...time, at: time.at.toISOString() },
      timing,
      syndication: {
        canonicalId: r.syndication.canonicalId,
        exactDuplicateOf: r.syndication.exactDuplicateOf,
        candidates: r.syndication.candidates,
      },
    });
    await preparedQuery(tx, RECORD_DECISION, [
      ...(restating ? [articleId, [], [], [], [], [], false] : linkParams),
      r.storyId,
      r.syndication.link?.canonicalId ?? null,
      decision,
      ArticleStatus.Clustered,
      // After a re-clustering, restateStories recounts the sources of every story involved.
      restating ? null : source,
    ]);
    // A new canonical's group and the moved articles' copies: only these can have copies in another story now.
    const leaders = [...(r.syndication.repointed.length ? [articleId] : []), ...moves.map((m) => m.articleId)];
    const followed: StoryChange[] = leaders.length ? await preparedQuery(tx, FOLLOW_CANONICALS, [leaders]) : [];
    if (!restating && !followed.length) return;
    await this.restateStories(tx, r.storyId, [...moves, ...followed], merges);
  }

  /**
   * After a re-clustering moved articles or merged stories, or copies followed their canonical to its story: the
   * stories involved have their counts and sources recounted from their articles (a profile counts what
   * clustering folded in, not the copies that followed a moved article; each story through its own index entries,
   * where a join as sets scanned every article), and — except the article's own story,
   * whose turn comes when its entities are extracted — their entity summaries and an event: story.merged for a
   * story that absorbed others, story.created for one split off, story.updated for one that gained or lost
   * articles.
   */
  private async restateStories(tx: EntityManager, storyId: string, changes: StoryChange[], merges: StoryMerge[]) {
    const touched = new Set([storyId, ...changes.flatMap((m) => [m.fromStoryId, m.toStoryId])]);
    for (const merge of merges) {
      touched.delete(merge.storyId);
      touched.add(merge.intoStoryId);
    }
    await preparedQuery(
      tx,
      `UPDATE story s SET article_count = c.articles, sources = c.sources,
              profile = jsonb_set(s.profile, '{articleCount}', to_jsonb(c.articles))
         FROM unnest($1::uuid[]) AS t(id)
        CROSS JOIN LATERAL (
              SELECT count(*)::int AS articles,
                     coalesce(array_agg(DISTINCT a.source ORDER BY a.source) FILTER (WHERE a.source IS NOT NULL), '{}') AS sources
                FROM article a WHERE a.story_id = t.id) c
        WHERE s.id = t.id`,
      [[...touched]],
    );
    touched.delete(storyId);
    for (const [intoStoryId, merged] of groupBy(merges, (m) => m.intoStoryId)) {
      if (touched.delete(intoStoryId)) await summarizeStoryEntities(tx, intoStoryId);
      await this.events.storiesMerged(
        tx,
        intoStoryId,
        merged.map((m) => m.storyId),
      );
    }
    for (const other of touched) {
      await summarizeStoryEntities(tx, other);
      await this.events.storyChanged(tx, other);
    }
  }
}
