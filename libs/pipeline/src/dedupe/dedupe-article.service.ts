import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import { ArticleJobPayload, ArticleStatus, JobName } from '@storyline/contracts';
import {
  ArticleMove,
  ArticleProcessor,
  articleTimes,
  ClusteringTime,
  clusteringTime,
  DEFAULT_STORY_OPTIONS,
  fingerprintArticle,
  groupBy,
  loadBackgroundFrequencies,
  ProcessedArticle,
  StoryAssigner,
  StoryMerge,
  SyndicationDetector,
  SyndicationLink,
} from '@storyline/stories';
import { Provenance } from '@storyline/text';
import { PipelineQueue } from '../queue/pipeline-queue';
import { ArticleFailures } from '../stage/article-failures.service';
import { StageAttempt } from '../stage/stage-attempt';
import { StoryEvents } from '../outbox/story-events.service';
import { PgStoryStore } from './pg-story-store';
import { PgSyndicationIndex } from './pg-syndication-index';
import { PgTermStatistics } from './pg-term-statistics';
import { summarizeStoryEntities } from '../entities/story-entity-summary';

/**
 * One lock for every story assignment. Clustering is order-dependent (an article is scored against the stories
 * that exist when it arrives), so two workers assigning at once could both found a story for the same event.
 * Under the lock, articles are decided in arrival order (article.seq), whichever job holds it: N workers give
 * the grouping one worker gives.
 */
const ASSIGNMENT_LOCK = 0x5354_4f52; // "STOR"

/** Articles decided per lock: bounds one transaction when a backlog of earlier arrivals is waiting. */
const ARRIVAL_BATCH = 100;
/** How long an article waits for earlier arrivals still being normalized, and how often it looks again. */
const ARRIVAL_WAIT_LIMIT_MS = 30_000;
const ARRIVAL_WAIT_RETRY_MS = 250;

interface ArticleRow {
  seq: string;
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

/** The columns of {@link ArticleRow}. */
const ARTICLE_ROW_COLUMNS = `seq, revision, status, title, text, source, published_at,
  metadata -> 'publishedAt' ->> 'source' AS published_source, received_at, story_id`;

/**
 * Stage 2: recognise syndicated copies and assign the article to a story, then hand it to entities.
 * Everything the decision writes (indexes, links, story profile, merges) commits in one transaction.
 */
@Injectable()
export class DedupeArticle {
  private readonly background = PgTermStatistics.backgroundOf(loadBackgroundFrequencies());

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: PipelineQueue,
    private readonly failures: ArticleFailures,
    private readonly events: StoryEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(DedupeArticle.name);
  }

  execute(job: ArticleJobPayload, attempt: StageAttempt): Promise<void> {
    return this.failures.guard('dedupe', job, attempt, () => this.run(job, attempt));
  }

  private async run({ articleId, revision }: ArticleJobPayload, attempt: StageAttempt): Promise<void> {
    const row = await this.load(this.db.manager, articleId);
    if (row.revision !== revision) return;
    if (row.status === ArticleStatus.Clustered || row.status === ArticleStatus.Done) {
      // Decided by an earlier run that crashed before handing on, or in arrival order by another job.
      await this.queue.enqueue(JobName.ExtractEntities, { articleId, revision });
      return;
    }
    if (row.status !== ArticleStatus.Normalized) {
      throw new Error(`article ${articleId} is ${row.status}, not normalized`);
    }
    if (await this.earlierArrivalsPending(row.seq)) await attempt.postpone(ARRIVAL_WAIT_RETRY_MS);

    const decided = await this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock($1)`, [ASSIGNMENT_LOCK]);
      // Everything normalized that arrived up to this article, oldest first — this one included, unless a
      // job that held the lock before already decided it. Locked, so that a re-normalization cannot start a
      // new revision of one of them between this read and the decision's write (which would mark the new
      // revision clustered with the old text's decision): it waits for this transaction instead.
      const due: (ArticleRow & { id: string })[] = await tx.query(
        `SELECT id, ${ARTICLE_ROW_COLUMNS} FROM article
          WHERE status = $1 AND seq <= $2 ORDER BY seq LIMIT ${ARRIVAL_BATCH} FOR UPDATE`,
        [ArticleStatus.Normalized, row.seq],
      );
      const processor = this.processor(tx);
      const decided: { id: string; revision: number; outcome: ProcessedArticle | null }[] = [];
      for (const article of due) {
        if (article.id === articleId) {
          decided.push({
            id: article.id,
            revision: article.revision,
            outcome: await this.decide(tx, processor, article),
          });
          continue;
        }
        // An earlier article is decided here to keep arrival order; if it fails, it is left to its own job,
        // which meets the same error and reports it (retries, then `failed`).
        await tx.query('SAVEPOINT earlier_article');
        try {
          const outcome = await this.decide(tx, processor, article);
          await tx.query('RELEASE SAVEPOINT earlier_article');
          decided.push({ id: article.id, revision: article.revision, outcome });
        } catch (error) {
          await tx.query('ROLLBACK TO SAVEPOINT earlier_article');
          this.logger.warn({ articleId: article.id, err: error }, 'left an earlier article to its own dedupe job');
        }
      }
      return decided;
    });

    for (const { id, outcome } of decided) {
      if (!outcome) {
        this.logger.info({ articleId: id }, 'kept the story decision of an earlier revision');
        continue;
      }
      this.logger.info(
        {
          articleId: id,
          storyId: outcome.storyId,
          action: outcome.decision?.action ?? 'copy',
          canonicalId: outcome.syndication.link?.canonicalId ?? null,
        },
        'clustered',
      );
    }
    if (decided.some((d) => d.outcome?.decision?.merges.length || d.outcome?.decision?.moves.length)) {
      await this.events.nudge();
    }
    const handOn = decided.map(({ id, revision: r }) => ({ articleId: id, revision: r }));
    if (!handOn.some((h) => h.articleId === articleId)) handOn.push({ articleId, revision });
    await this.queue.enqueueMany(JobName.ExtractEntities, handOn);
  }

  /**
   * True while an article that arrived earlier (and recently) is still waiting for normalization: deciding
   * this one first would make the grouping depend on which normalize worker finished first.
   */
  private async earlierArrivalsPending(seq: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM article WHERE seq < $1 AND status = $2 AND received_at > now() - $3 * interval '1 millisecond' LIMIT 1`,
      [seq, ArticleStatus.Received, ARRIVAL_WAIT_LIMIT_MS],
    );
    return rows.length > 0;
  }

  private processor(tx: EntityManager): ArticleProcessor {
    return new ArticleProcessor(
      new SyndicationDetector(new PgSyndicationIndex(tx)),
      new StoryAssigner(new PgStoryStore(tx), new PgTermStatistics(tx, this.background), {
        quietAfterMs: this.config.STORY_WINDOW_HOURS * 3_600_000,
        neighbourhood: { ...DEFAULT_STORY_OPTIONS.neighbourhood, threshold: this.config.STORY_LINK_THRESHOLD },
      }),
      async (id) => (await tx.query(`SELECT story_id FROM article WHERE id = $1`, [id]))[0]?.story_id ?? null,
    );
  }

  /**
   * Decides one article, or — when an earlier revision was already decided (a re-normalization) — keeps that
   * decision: the article is in its story's profile and the indexes once, and stays so (null).
   */
  private async decide(
    tx: EntityManager,
    processor: ArticleProcessor,
    row: ArticleRow & { id: string },
  ): Promise<ProcessedArticle | null> {
    if (row.story_id) {
      await tx.query(`UPDATE article SET status = $2, clustered_at = now() WHERE id = $1`, [
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
    const article = { id: row.id, title: row.title, body: row.text ?? '', time: time.at };
    const result = await processor.process(article, fingerprintArticle(article));
    await this.persist(tx, row.id, row.source, result, time);
    return result;
  }

  private async load(manager: EntityManager, articleId: string): Promise<ArticleRow> {
    const [row]: ArticleRow[] = await manager.query(`SELECT ${ARTICLE_ROW_COLUMNS} FROM article WHERE id = $1`, [
      articleId,
    ]);
    if (!row) throw new UnrecoverableError(`article ${articleId} does not exist`);
    return row;
  }

  private async persist(
    tx: EntityManager,
    articleId: string,
    source: string | null,
    r: ProcessedArticle,
    time: ClusteringTime,
  ) {
    const links: SyndicationLink[] = [...(r.syndication.link ? [r.syndication.link] : []), ...r.syndication.repointed];
    for (const link of links) {
      await tx.query(
        `INSERT INTO syndication_link (copy_id, canonical_id, kind, jaccard, containment) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (copy_id) DO UPDATE SET canonical_id = $2, kind = $3, jaccard = $4, containment = $5`,
        [link.copyId, link.canonicalId, link.kind, link.jaccard, link.containment],
      );
      await tx.query(`UPDATE article SET canonical_id = $2 WHERE id = $1`, [link.copyId, link.canonicalId]);
    }
    if (r.syndication.repointed.length) {
      // The new article is now its group's canonical: it copies nobody.
      await tx.query(`DELETE FROM syndication_link WHERE copy_id = $1`, [articleId]);
    }
    const moves = r.decision?.moves ?? [];
    if (moves.length) {
      // Copies follow their canonical article: those clustered with it are moves of their own, the others
      // (headlines, copies not among the recent articles) follow here; either way a row matches one move. The
      // moved article's explanation says what moved it last (movedTo, movedBy) and keeps every move in order
      // (moveHistory): an article can be moved more than once as its stories take shape.
      await tx.query(
        `UPDATE article a SET story_id = m.to_story,
                story_decision = CASE WHEN a.id = m.id
                  THEN a.story_decision || jsonb_build_object(
                    'movedTo', m.to_story::text,
                    'movedBy', $4::text,
                    'moveHistory', COALESCE(a.story_decision -> 'moveHistory', '[]'::jsonb) || jsonb_build_array(
                      jsonb_build_object('fromStoryId', m.from_story::text, 'toStoryId', m.to_story::text,
                                         'movedBy', $4::text, 'at', now())))
                  ELSE a.story_decision END
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS m(id, from_story, to_story)
          WHERE a.id = m.id OR (a.canonical_id = m.id AND a.id <> ALL($1))`,
        [moves.map((m) => m.articleId), moves.map((m) => m.fromStoryId), moves.map((m) => m.toStoryId), articleId],
      );
    }
    const merges = r.decision?.merges ?? [];
    for (const merge of merges) {
      await tx.query(`UPDATE article SET story_id = $2 WHERE story_id = $1`, [merge.storyId, merge.intoStoryId]);
      await tx.query(
        `INSERT INTO story_merge (id, merged_story_id, into_story_id, article_id) VALUES (gen_random_uuid(), $1, $2, $3)`,
        [merge.storyId, merge.intoStoryId, articleId],
      );
      await tx.query(`DELETE FROM story_entity WHERE story_id = $1`, [merge.storyId]);
    }
    await tx.query(
      `UPDATE article SET story_id = $2, canonical_id = $3, story_decision = $4, status = $5, clustered_at = now()
        WHERE id = $1`,
      [
        articleId,
        r.storyId,
        r.syndication.link?.canonicalId ?? null,
        JSON.stringify({
          ...(r.decision ?? { action: 'copy', reason: `syndicated copy: joined the story of its canonical article` }),
          time: { ...time, at: time.at.toISOString() },
          syndication: {
            canonicalId: r.syndication.canonicalId,
            exactDuplicateOf: r.syndication.exactDuplicateOf,
            candidates: r.syndication.candidates,
          },
        }),
        ArticleStatus.Clustered,
      ],
    );
    if (!moves.length && !merges.length) {
      if (source) {
        await tx.query(
          `UPDATE story SET sources = ARRAY(SELECT DISTINCT unnest(sources || ARRAY[$2::text]) ORDER BY 1) WHERE id = $1`,
          [r.storyId, source],
        );
      }
      return;
    }
    await this.restateStories(tx, r.storyId, moves, merges);
  }

  /**
   * After a re-clustering moved articles or merged stories: the stories involved have their counts and sources
   * recounted from their articles (a profile counts what clustering folded in, not the copies that followed a
   * moved article), and — except the article's own story, whose turn comes when its entities are extracted —
   * their entity summaries and an event: story.merged for a story that absorbed others, story.created for one
   * split off, story.updated for one that gained or lost articles.
   */
  private async restateStories(tx: EntityManager, storyId: string, moves: ArticleMove[], merges: StoryMerge[]) {
    const touched = new Set([storyId, ...moves.flatMap((m) => [m.fromStoryId, m.toStoryId])]);
    for (const merge of merges) {
      touched.delete(merge.storyId);
      touched.add(merge.intoStoryId);
    }
    await tx.query(
      `UPDATE story s SET article_count = c.articles, sources = c.sources,
              profile = jsonb_set(s.profile, '{articleCount}', to_jsonb(c.articles))
         FROM (SELECT s2.id, count(a.id)::int AS articles,
                      coalesce(array_agg(DISTINCT a.source ORDER BY a.source) FILTER (WHERE a.source IS NOT NULL), '{}') AS sources
                 FROM story s2 LEFT JOIN article a ON a.story_id = s2.id WHERE s2.id = ANY($1) GROUP BY s2.id) c
        WHERE s.id = c.id`,
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
