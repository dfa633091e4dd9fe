import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { ArticleJobPayload, ArticleStatus, JobName } from '@storyline/contracts';
import { normalizeArticle, RawArticle, splitPlainTextArticle } from '@storyline/text';
import { PipelineQueue } from '../queue/pipeline-queue';
import { ArticleFailures } from '../stage/article-failures.service';
import { StageAttempt } from '../stage/stage-attempt';

interface RawRow {
  revision: number;
  status: ArticleStatus;
  content_type: string;
  raw_title: string | null;
  raw_text: string | null;
  raw_html: string | null;
  url: string | null;
  source: string | null;
  published_at_input: string | null;
  language_input: string | null;
  received_at: Date;
}

/** Rebuilds the normalizer's input from what was stored byte for byte at intake. */
export function rawArticleOf(row: RawRow): RawArticle {
  // A text/plain submission is stored whole (its title also in raw_title), and split as intake split it.
  const body =
    row.content_type === 'text/plain' && row.raw_text !== null
      ? splitPlainTextArticle(row.raw_text).body
      : row.raw_text;
  return {
    title: row.raw_title,
    body,
    html: row.raw_html,
    url: row.url,
    source: row.source,
    publishedAt: row.published_at_input,
    language: row.language_input,
    receivedAt: new Date(row.received_at).toISOString(),
  };
}

/**
 * Stage 1: clean the stored raw input into text, sections and metadata, then hand the article to dedupe.
 * Re-running it gives the same result, so a retry after a crash is harmless.
 */
@Injectable()
export class NormalizeArticle {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: PipelineQueue,
    private readonly failures: ArticleFailures,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(NormalizeArticle.name);
  }

  execute(job: ArticleJobPayload, attempt: StageAttempt): Promise<void> {
    return this.failures.guard('normalize', job, attempt, () => this.run(job));
  }

  private async run({ articleId, revision }: ArticleJobPayload): Promise<void> {
    const [row]: RawRow[] = await this.db.query(
      `SELECT revision, status, content_type, raw_title, raw_text, raw_html, url, source, published_at_input,
              language_input, received_at FROM article WHERE id = $1`,
      [articleId],
    );
    if (!row) throw new UnrecoverableError(`article ${articleId} does not exist`);
    if (row.revision !== revision) return; // superseded by a re-normalization; its own job carries on
    if (row.status !== ArticleStatus.Received && row.status !== ArticleStatus.Normalized) {
      this.logger.debug({ articleId, status: row.status }, 'already past normalize');
      return;
    }
    const n = normalizeArticle(rawArticleOf(row));
    if (!n.title?.value && n.text.trim() === '') {
      // Nothing a reader could be told about (e.g. a page of scripts and navigation): it must not found a story.
      throw new UnrecoverableError('no title and no text after normalization: nothing to group');
    }
    // Written only if the article is still waiting here: while this ran, a dedupe job queued by the sweeper
    // (after an earlier attempt wrote but crashed before handing on) may have clustered it, and a late write
    // must not send it back to `normalized`. normalized_at is the moment this row is written (clock_timestamp),
    // not the start of the statement or of any transaction around it, which may wait on the row's lock first.
    const written: unknown[] = await this.db.query(
      `WITH updated AS (
         UPDATE article SET title = $3, text = $4, sections = $5, word_count = $6, language = $7,
                language_confidence = $8, content_hash = $9, metadata = $10, normalization_report = $11,
                normalizer_version = $12, published_at = $13, status = $14, normalized_at = clock_timestamp(),
                error = NULL, failed_stage = NULL, failed_at = NULL
          WHERE id = $1 AND revision = $2 AND status = ANY($15)
         RETURNING id)
       SELECT id FROM updated`,
      [
        articleId,
        revision,
        n.title?.value ?? null,
        n.text,
        JSON.stringify(n.sections),
        n.wordCount,
        n.language.code,
        n.language.confidence,
        n.contentHash,
        JSON.stringify({ ...n.metadata, title: n.title, language: n.language }),
        JSON.stringify(n.report),
        n.version,
        n.metadata.publishedAt ? new Date(n.metadata.publishedAt.value) : row.received_at,
        ArticleStatus.Normalized,
        [ArticleStatus.Received, ArticleStatus.Normalized],
      ],
    );
    if (!written.length) {
      this.logger.debug({ articleId }, 'carried on by another job while normalizing');
      return;
    }
    this.logger.info({ articleId, words: n.wordCount, language: n.language.code }, 'normalized');
    await this.queue.enqueue(JobName.DedupeArticle, { articleId, revision });
  }
}
