import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import { preparedQuery } from '@storyline/database';
import { ArticleJobPayload, ArticleStatus, StoryEntityV1, StoryEventType } from '@storyline/contracts';
import { extractEntities, multiWordNames, ResolvedMention, settleNameTypes, StoredNameEntity } from '@storyline/nlp';
import { ArticleFailures } from '../stage/article-failures.service';
import { BatchOutcome, JobBatcher, outcomeOf } from '../stage/job-batcher';
import { sessionEnded } from '../stage/session-ended';
import { StageAttempt } from '../stage/stage-attempt';
import { StoryEvents } from '../outbox/story-events.service';
import { NerModelProvider } from './ner-model.provider';
import { ArticleToFile, fileArticleEntities, takeBackMentions } from './article-entity-filing';
import { fileArrivals, takeBackFromStory } from './story-entity-filing';
import { retitleStory } from './story-title';

/** The types an entity can have, from the event schema that publishes them. */
const ENTITY_TYPES = StoryEntityV1.shape.type.options;

/** The entities stored under any type for names (`TYPE:name` keys), with their mention counts. */
const STORED_NAMES = `SELECT key, type, mention_count AS mentions FROM entity WHERE key = ANY($1)`;

/** Transactions made again in one job when the article moved to another story (or was tagged) meanwhile. */
const MOVE_RETRIES = 5;

interface ArticleRow {
  id: string;
  revision: number;
  status: ArticleStatus;
  title: string | null;
  /** Where the normalizer took the title from (`metadata.title.source`). */
  title_source: string | null;
  text: string | null;
  story_id: string | null;
  /** The dateline's place, which normalization cut from the text (ArticleMetadata.dateline). */
  dateline: string | null;
  /** Never tagged: no mentions, counted in no story's aggregates. */
  fresh: boolean;
  /** An exact copy (same title and text) of a done article: that article's mentions, to reuse instead of tagging. */
  copied: ResolvedMention[] | null;
}

/**
 * The articles, whether each was ever tagged, and the mentions of the done article each is an exact copy of. That
 * original is found first (OFFSET 0 keeps the planner from folding it into the join), and its mentions read after:
 * joined the other way, the two texts were compared once per mention.
 */
const READ_ARTICLES = `SELECT a.id, a.revision, a.status, a.title, a.metadata #>> '{title,source}' AS title_source,
          a.text, a.story_id, a.metadata #>> '{dateline,place}' AS dateline,
          a.entities_story_id IS NULL AND NOT EXISTS (SELECT 1 FROM entity_mention m WHERE m.article_id = a.id) AS fresh,
          (SELECT json_agg(json_build_object('start', m.start, 'end', m."end", 'text', m.text, 'type', m.type,
                                             'sentence', m.sentence, 'entityKey', e.key, 'canonical', e.canonical_name)
                           ORDER BY m.start)
             FROM (SELECT c.id FROM syndication_link l
                     JOIN article c ON c.id = l.canonical_id AND c.status = 'done'
                                   AND c.title IS NOT DISTINCT FROM a.title AND c.text = a.text
                    WHERE l.copy_id = a.id AND l.kind = 'exact' OFFSET 0) original
             JOIN entity_mention m ON m.article_id = original.id JOIN entity e ON e.id = m.entity_id) AS copied
     FROM article a WHERE a.id = ANY($1::uuid[])`;

/** The filing transaction found the article other than it was read: it is rolled back and the article read again. */
class ArticleChanged extends Error {}

/** An article ready to file: read, clustered, its mentions recognized. */
interface Recognized {
  job: ArticleJobPayload;
  row: ArticleRow;
  mentions: ResolvedMention[];
}

/** A story event written, to tell the relay of. */
type Announced = { type: StoryEventType; version: number };

/**
 * Stage 3: people, organisations and places of one article, resolved to entities shared across articles;
 * then the article counted in its story's entity aggregates, marked done and the story event written — one
 * transaction, so a subscriber's snapshot always includes what it announces. What the transaction does is the
 * articles' own work (their entities, aliases, mentions and their deltas to the story): nothing in it reads or
 * rewrites the rest of the story, so its cost does not grow with the story. It is a few statements (see
 * fileArticleEntities), as every round trip costs both processes a system call or two.
 *
 * The jobs a worker runs at once are handled as one batch (see JobBatcher): one read for all of them, and the
 * articles of one story, never tagged before, filed together as one new version of it with one event. An article
 * tagged before (a re-run), or a group that changed since it was read, is filed alone.
 */
@Injectable()
export class ExtractEntities {
  private readonly batcher: JobBatcher<ArticleJobPayload, void>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly ner: NerModelProvider,
    private readonly failures: ArticleFailures,
    private readonly events: StoryEvents,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(ExtractEntities.name);
    this.batcher = new JobBatcher((jobs) => this.runBatch(jobs), {
      maxSize: config.STAGE_BATCH_SIZE,
      windowMs: config.STAGE_BATCH_WINDOW_MS,
    });
  }

  execute(job: ArticleJobPayload, attempt: StageAttempt): Promise<void> {
    return this.failures.guard('entities', job, attempt, () => this.batcher.add(job));
  }

  private async runBatch(jobs: ArticleJobPayload[]): Promise<BatchOutcome<void>[]> {
    const rows = await this.read(jobs.map((job) => job.articleId));
    const recognized = await this.recognize(jobs, rows);

    const filed = new Map<ArticleJobPayload, BatchOutcome<Announced | null>>();
    const byStory = new Map<string, Recognized[]>();
    for (const outcome of recognized) {
      if (!outcome.ok || !outcome.value?.row.fresh) continue;
      const article = outcome.value;
      byStory.set(article.row.story_id!, [...(byStory.get(article.row.story_id!) ?? []), article]);
    }
    let ended: BatchOutcome<never> | undefined;
    for (const [storyId, group] of [...byStory].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (group.length < 2 || ended) continue;
      const outcome = await outcomeOf(() => this.file(storyId, group));
      if (!outcome.ok && sessionEnded(outcome.error)) ended = outcome;
      // A group Postgres refused, or whose articles changed since they were read, is filed article by article.
      if (outcome.ok && outcome.value) for (const { job } of group) filed.set(job, outcome);
    }
    for (const outcome of recognized) {
      if (!outcome.ok || !outcome.value || filed.has(outcome.value.job)) continue;
      const article = outcome.value;
      const alone = ended ?? (await outcomeOf(() => this.fileAlone(article)));
      if (!alone.ok && sessionEnded(alone.error)) ended = alone;
      filed.set(article.job, alone);
    }

    const announced = [...filed.values()].flatMap((o) => (o.ok && o.value ? [o.value.type] : []));
    if (announced.length) {
      await this.events.nudge(announced.includes(StoryEventType.Updated) ? StoryEventType.Updated : announced[0]);
    }
    return jobs.map((job, i): BatchOutcome<void> => {
      const outcome = recognized[i].ok ? filed.get(job) : recognized[i];
      return outcome && !outcome.ok ? outcome : { ok: true, value: undefined };
    });
  }

  /** The article if it is to be tagged now; null when this job has nothing left to do. */
  private check(job: ArticleJobPayload, row: ArticleRow | undefined): Omit<Recognized, 'mentions'> | null {
    if (!row) throw new UnrecoverableError(`article ${job.articleId} does not exist`);
    if (row.revision !== job.revision || row.status === ArticleStatus.Done) return null;
    if (row.status !== ArticleStatus.Clustered || !row.story_id) {
      throw new Error(`article ${job.articleId} is ${row.status}, not clustered`);
    }
    return { job, row };
  }

  /**
   * Files one article, re-reading it when a burst of related articles moved it or merged its story in the meantime
   * (or it turned out tagged before): the transaction is made again as the article is now (a few times, then the
   * job's own retries take over). Null when the article no longer needs it.
   */
  private async fileAlone({ job, row: read, mentions }: Recognized): Promise<Announced | null> {
    const { articleId, revision } = job;
    let row = read;
    for (let tries = 1; ; tries++) {
      const filed = await this.file(row.story_id!, [{ job, row, mentions }]);
      if (filed) {
        this.logger.info(
          { articleId, mentions: mentions.length, event: filed.type, version: filed.version },
          'entities extracted',
        );
        return filed;
      }
      const before: ArticleRow = row;
      const now = (await this.read([articleId])).get(articleId);
      if (!now || now.revision !== revision || now.status !== ArticleStatus.Clustered || !now.story_id) return null;
      if (now.story_id === before.story_id && now.fresh === before.fresh) {
        throw new Error(`article ${articleId} could not be filed in story ${now.story_id}; retrying later`);
      }
      if (tries >= MOVE_RETRIES) throw new Error(`article ${articleId} kept moving between stories; retrying later`);
      row = now;
    }
  }

  private async read(articleIds: string[]): Promise<Map<string, ArticleRow>> {
    const rows = await preparedQuery<ArticleRow>(this.db.manager, READ_ARTICLES, [articleIds]);
    return new Map(rows.map((row) => [row.id, row]));
  }

  /**
   * One try of the transaction: the story's version taken and the articles filed in it (see fileArticleEntities),
   * arrivals filed, the story event written. A re-run (one article, tagged before) first locks the story and the
   * article, in that order, and takes its earlier mentions back. Null when the articles were not as read.
   */
  private async file(storyId: string, articles: Recognized[]): Promise<Announced | null> {
    const fresh = articles.every(({ row }) => row.fresh);
    const toFile: ArticleToFile[] = articles
      .map(({ job, row, mentions }) => ({
        id: job.articleId,
        revision: job.revision,
        title: row.title ?? '',
        mentions,
      }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    try {
      return await this.db.transaction(async (tx) => {
        if (!fresh) {
          const [{ job, mentions }] = articles;
          await tx.query(`SELECT id FROM story WHERE id = $1 FOR UPDATE`, [storyId]);
          const [current] = await tx.query(
            `SELECT status, revision, story_id, entities_story_id FROM article WHERE id = $1 FOR UPDATE`,
            [job.articleId],
          );
          if (current?.status !== ArticleStatus.Clustered || current.revision !== job.revision)
            throw new ArticleChanged();
          if (current.story_id !== storyId) throw new ArticleChanged();
          if (current.entities_story_id) await takeBackFromStory(tx, current.entities_story_id, [job.articleId]);
          await takeBackMentions(tx, job.articleId, mentions);
        }
        const filing = await fileArticleEntities(tx, storyId, fresh, toFile);
        if (!filing.filed || filing.version === null) throw new ArticleChanged();
        if (filing.arrivals) await fileArrivals(tx, storyId);
        await retitleStory(
          tx,
          storyId,
          articles.map(({ row }) => ({ title: row.title, titleSource: row.title_source })),
        );
        return this.events.versionTaken(tx, storyId, filing.version);
      });
    } catch (error) {
      if (error instanceof ArticleChanged) return null;
      throw error;
    }
  }

  /**
   * Each job's article with its mentions, or null when the job has nothing left to do, or the error it fails with.
   * An exact copy's mentions are its original's; the others' are recognized, and their multi-word names take the type
   * the store and the article together favour (see settleNameTypes), with one read of the store for the whole batch.
   */
  private async recognize(
    jobs: ArticleJobPayload[],
    rows: Map<string, ArticleRow>,
  ): Promise<BatchOutcome<Recognized | null>[]> {
    const found = await Promise.all(
      jobs.map((job) =>
        outcomeOf(() => {
          const checked = this.check(job, rows.get(job.articleId));
          if (!checked) return null;
          const { row } = checked;
          const mentions =
            row.copied ??
            extractEntities(this.ner.model, { title: row.title ?? '', text: row.text ?? '', dateline: row.dateline })
              .mentions;
          return { ...checked, mentions };
        }),
      ),
    );
    const recognized = (f: BatchOutcome<Recognized | null>): Recognized[] =>
      f.ok && f.value && !f.value.row.copied ? [f.value] : [];
    const names = [...new Set(found.flatMap(recognized).flatMap((article) => multiWordNames(article.mentions)))];
    const stored = names.length
      ? await preparedQuery<StoredNameEntity>(this.db.manager, STORED_NAMES, [
          names.flatMap((name) => ENTITY_TYPES.map((type) => `${type}:${name}`)),
        ])
      : [];
    return found.map((f) => {
      const [article] = recognized(f);
      return article ? { ok: true, value: { ...article, mentions: settleNameTypes(article.mentions, stored) } } : f;
    });
  }
}
