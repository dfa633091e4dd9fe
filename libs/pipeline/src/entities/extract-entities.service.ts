import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { preparedQuery } from '@storyline/database';
import { ArticleJobPayload, ArticleStatus, StoryEntityV1, StoryEventType } from '@storyline/contracts';
import { extractEntities, multiWordNames, ResolvedMention, settleNameTypes, StoredNameEntity } from '@storyline/nlp';
import { ArticleFailures } from '../stage/article-failures.service';
import { StageAttempt } from '../stage/stage-attempt';
import { StoryEvents } from '../outbox/story-events.service';
import { NerModelProvider } from './ner-model.provider';
import { fileArticleEntities, takeBackMentions } from './article-entity-filing';
import { fileArrivals, takeBackFromStory } from './story-entity-filing';

/** The types an entity can have, from the event schema that publishes them. */
const ENTITY_TYPES = StoryEntityV1.shape.type.options;

/** The entities stored under any type for names (`TYPE:name` keys), with their mention counts. */
const STORED_NAMES = `SELECT key, type, mention_count AS mentions FROM entity WHERE key = ANY($1)`;

/** Transactions made again in one job when the article moved to another story (or was tagged) meanwhile. */
const MOVE_RETRIES = 5;

interface ArticleRow {
  revision: number;
  status: ArticleStatus;
  title: string | null;
  text: string | null;
  story_id: string | null;
  /** Never tagged: no mentions, counted in no story's aggregates. */
  fresh: boolean;
  /** An exact copy (same title and text) of a done article: that article's mentions, to reuse instead of tagging. */
  copied: ResolvedMention[] | null;
}

/** The article, whether it was ever tagged, and the mentions of the done article it is an exact copy of. */
const READ_ARTICLE = `SELECT a.revision, a.status, a.title, a.text, a.story_id,
          a.entities_story_id IS NULL AND NOT EXISTS (SELECT 1 FROM entity_mention m WHERE m.article_id = a.id) AS fresh,
          (SELECT json_agg(json_build_object('start', m.start, 'end', m."end", 'text', m.text, 'type', m.type,
                                             'sentence', m.sentence, 'entityKey', e.key, 'canonical', e.canonical_name)
                           ORDER BY m.start)
             FROM syndication_link l
             JOIN article c ON c.id = l.canonical_id AND c.status = 'done'
                           AND c.title IS NOT DISTINCT FROM a.title AND c.text = a.text
             JOIN entity_mention m ON m.article_id = c.id JOIN entity e ON e.id = m.entity_id
            WHERE l.copy_id = a.id AND l.kind = 'exact') AS copied
     FROM article a WHERE a.id = $1`;

/** The filing transaction found the article other than it was read: it is rolled back and the article read again. */
class ArticleChanged extends Error {}

/**
 * Stage 3: people, organisations and places of one article, resolved to entities shared across articles;
 * then the article counted in its story's entity aggregates, marked done and the story event written — one
 * transaction, so a subscriber's snapshot always includes what it announces. What the transaction does is the
 * article's own work (its entities, aliases, mentions and their deltas to the story): nothing in it reads or
 * rewrites the rest of the story, so its cost does not grow with the story. It is a few statements (see
 * fileArticleEntities), as every round trip costs both processes a system call or two.
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
    let row = await this.read(articleId);
    if (!row) throw new UnrecoverableError(`article ${articleId} does not exist`);
    if (row.revision !== revision || row.status === ArticleStatus.Done) return;
    if (row.status !== ArticleStatus.Clustered || !row.story_id) {
      throw new Error(`article ${articleId} is ${row.status}, not clustered`);
    }
    const mentions = row.copied ?? (await this.adoptEstablishedTypes(this.recognize(row)));

    // When a burst of related articles moved the article or merged its story in the meantime (or it turned out
    // tagged before), the transaction is rolled back and made again as the article is now (a few times, then the
    // job's own retries take over).
    let event: { type: StoryEventType; version: number };
    for (let tries = 1; ; tries++) {
      const filed = await this.file(articleId, revision, row, mentions);
      if (filed) {
        event = filed;
        break;
      }
      const before: ArticleRow = row;
      row = await this.read(articleId);
      if (!row || row.revision !== revision || row.status !== ArticleStatus.Clustered || !row.story_id) return;
      if (row.story_id === before.story_id && row.fresh === before.fresh) {
        throw new Error(`article ${articleId} could not be filed in story ${row.story_id}; retrying later`);
      }
      if (tries >= MOVE_RETRIES) throw new Error(`article ${articleId} kept moving between stories; retrying later`);
    }
    this.logger.info(
      { articleId, mentions: mentions.length, event: event.type, version: event.version },
      'entities extracted',
    );
    await this.events.nudge(event.type);
  }

  private async read(articleId: string): Promise<ArticleRow | undefined> {
    const [row] = await preparedQuery<ArticleRow>(this.db.manager, READ_ARTICLE, [articleId]);
    return row;
  }

  /**
   * One try of the transaction: the story's version taken and the article filed in it (see fileArticleEntities),
   * arrivals filed, the story event written. A re-run (the article was tagged before) first locks the story and the
   * article, in that order, and takes its earlier mentions back. Null when the article was not as read.
   */
  private async file(
    articleId: string,
    revision: number,
    row: ArticleRow,
    mentions: ResolvedMention[],
  ): Promise<{ type: StoryEventType; version: number } | null> {
    const storyId = row.story_id!;
    try {
      return await this.db.transaction(async (tx) => {
        if (!row.fresh) {
          await tx.query(`SELECT id FROM story WHERE id = $1 FOR UPDATE`, [storyId]);
          const [current] = await tx.query(
            `SELECT status, revision, story_id, entities_story_id FROM article WHERE id = $1 FOR UPDATE`,
            [articleId],
          );
          if (current?.status !== ArticleStatus.Clustered || current.revision !== revision) throw new ArticleChanged();
          if (current.story_id !== storyId) throw new ArticleChanged();
          if (current.entities_story_id) await takeBackFromStory(tx, current.entities_story_id, [articleId]);
          await takeBackMentions(tx, articleId, mentions);
        }
        const filing = await fileArticleEntities(
          tx,
          { id: articleId, revision, storyId, title: row.title ?? '', firstTagging: row.fresh },
          mentions,
        );
        if (!filing.filed || filing.version === null) throw new ArticleChanged();
        if (filing.arrivals) await fileArrivals(tx, storyId);
        return this.events.versionTaken(tx, storyId, filing.version);
      });
    } catch (error) {
      if (error instanceof ArticleChanged) return null;
      throw error;
    }
  }

  private recognize(row: ArticleRow): ResolvedMention[] {
    return extractEntities(this.ner.model, { title: row.title ?? '', text: row.text ?? '' }).mentions;
  }

  /** Multi-word names take the type the store and the article together favour (see settleNameTypes). */
  private async adoptEstablishedTypes(mentions: ResolvedMention[]): Promise<ResolvedMention[]> {
    const names = multiWordNames(mentions);
    if (names.length === 0) return mentions;
    const stored = await preparedQuery<StoredNameEntity>(this.db.manager, STORED_NAMES, [
      names.flatMap((name) => ENTITY_TYPES.map((type) => `${type}:${name}`)),
    ]);
    return settleNameTypes(mentions, stored);
  }
}
