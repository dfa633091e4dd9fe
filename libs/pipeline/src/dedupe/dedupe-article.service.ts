import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import { ArticleJobPayload, ArticleStatus, JobName } from '@storyline/contracts';
import {
  ArticleProcessor,
  fingerprintArticle,
  loadBackgroundFrequencies,
  ProcessedArticle,
  StoryAssigner,
  SyndicationDetector,
  SyndicationLink,
} from '@storyline/stories';
import { PipelineQueue } from '../queue/pipeline-queue';
import { ArticleFailures } from '../stage/article-failures.service';
import { StageAttempt } from '../stage/stage-attempt';
import { StoryEvents } from '../outbox/story-events.service';
import { PgStoryStore } from './pg-story-store';
import { PgSyndicationIndex } from './pg-syndication-index';
import { PgTermStatistics } from './pg-term-statistics';

/**
 * One lock for every story assignment. Clustering is order-dependent (an article is scored against the stories
 * that exist when it arrives), so two workers assigning at once could both found a story for the same event.
 * Serializing the decision — not the CPU work before it — makes N workers give the grouping one worker gives.
 */
const ASSIGNMENT_LOCK = 0x5354_4f52; // "STOR"

interface ArticleRow {
  revision: number;
  status: ArticleStatus;
  title: string | null;
  text: string | null;
  source: string | null;
  published_at: Date | null;
  received_at: Date;
}

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
    return this.failures.guard('dedupe', job.articleId, attempt, () => this.run(job));
  }

  private async run({ articleId, revision }: ArticleJobPayload): Promise<void> {
    const row = await this.load(this.db.manager, articleId);
    if (row.revision !== revision) return;
    if (row.status === ArticleStatus.Clustered || row.status === ArticleStatus.Done) {
      // Decided by an earlier run that crashed before handing on.
      await this.queue.enqueue(JobName.ExtractEntities, { articleId, revision });
      return;
    }
    if (row.status !== ArticleStatus.Normalized)
      throw new Error(`article ${articleId} is ${row.status}, not normalized`);

    const article = {
      id: articleId,
      title: row.title,
      body: row.text ?? '',
      time: row.published_at ?? row.received_at,
    };
    const fingerprint = fingerprintArticle(article); // CPU work outside the lock
    const outcome = await this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock($1)`, [ASSIGNMENT_LOCK]);
      const current = await this.load(tx, articleId);
      if (current.status !== ArticleStatus.Normalized || current.revision !== revision) return null;
      const processor = new ArticleProcessor(
        new SyndicationDetector(new PgSyndicationIndex(tx)),
        new StoryAssigner(new PgStoryStore(tx), new PgTermStatistics(tx, this.background), {
          quietAfterMs: this.config.STORY_WINDOW_HOURS * 3_600_000,
        }),
        async (id) => (await tx.query(`SELECT story_id FROM article WHERE id = $1`, [id]))[0]?.story_id ?? null,
      );
      const result = await processor.process(article, fingerprint);
      await this.persist(tx, articleId, row.source, result);
      return result;
    });
    if (outcome) {
      this.logger.info(
        {
          articleId,
          storyId: outcome.storyId,
          action: outcome.decision?.action ?? 'copy',
          canonicalId: outcome.syndication.link?.canonicalId ?? null,
        },
        'clustered',
      );
      if (outcome.decision?.merges.length) await this.events.nudge();
    }
    await this.queue.enqueue(JobName.ExtractEntities, { articleId, revision });
  }

  private async load(manager: EntityManager, articleId: string): Promise<ArticleRow> {
    const [row]: ArticleRow[] = await manager.query(
      `SELECT revision, status, title, text, source, published_at, received_at FROM article WHERE id = $1`,
      [articleId],
    );
    if (!row) throw new UnrecoverableError(`article ${articleId} does not exist`);
    return row;
  }

  private async persist(tx: EntityManager, articleId: string, source: string | null, r: ProcessedArticle) {
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
    const merges = r.decision?.merges ?? [];
    for (const merge of merges) {
      await tx.query(`UPDATE article SET story_id = $2 WHERE story_id = $1`, [merge.storyId, merge.intoStoryId]);
      await tx.query(
        `INSERT INTO story_merge (id, merged_story_id, into_story_id, article_id) VALUES (gen_random_uuid(), $1, $2, $3)`,
        [merge.storyId, merge.intoStoryId, articleId],
      );
      await tx.query(
        `UPDATE story s SET sources = ARRAY(SELECT DISTINCT unnest(s.sources || m.sources) ORDER BY 1)
           FROM story m WHERE s.id = $1 AND m.id = $2`,
        [merge.intoStoryId, merge.storyId],
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
          syndication: {
            canonicalId: r.syndication.canonicalId,
            exactDuplicateOf: r.syndication.exactDuplicateOf,
            candidates: r.syndication.candidates,
          },
        }),
        ArticleStatus.Clustered,
      ],
    );
    if (source) {
      await tx.query(
        `UPDATE story SET sources = ARRAY(SELECT DISTINCT unnest(sources || ARRAY[$2::text]) ORDER BY 1) WHERE id = $1`,
        [r.storyId, source],
      );
    }
    if (merges.length) {
      await this.events.storiesMerged(
        tx,
        r.storyId,
        merges.map((m) => m.storyId),
      );
    }
  }
}
