import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import { ArticleJobPayload, ArticleStatus, JobName } from '@storyline/contracts';
import { preparedQuery } from '@storyline/database';
import { NormalizedArticle, normalizeArticle, RawArticle, splitPlainTextArticle } from '@storyline/text';
import { PipelineQueue } from '../queue/pipeline-queue';
import { ArticleFailures } from '../stage/article-failures.service';
import { BatchOutcome, JobBatcher, outcomeOf } from '../stage/job-batcher';
import { sessionEnded } from '../stage/session-ended';
import { StageAttempt } from '../stage/stage-attempt';

interface RawRow {
  id: string;
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

/** The stored raw input of a batch's articles. */
const READ_RAW = `SELECT id, revision, status, content_type, raw_title, raw_text, raw_html, url, source, published_at_input,
        language_input, received_at FROM article WHERE id = ANY($1::uuid[])`;

/**
 * The normalizer's output for a batch's articles, in one statement, written only where the article is still waiting
 * here at that revision: while a batch ran, a dedupe job queued by the sweeper (after an earlier attempt wrote but
 * crashed before handing on) may have clustered it, and a late write must not send it back to `normalized`.
 * normalized_at is the moment each row is written (clock_timestamp), not the start of the statement or of any
 * transaction around it, which may wait on a row's lock first. Rows are updated in id order, so two batches sharing
 * articles (a sweeper's re-queue) queue on each other instead of deadlocking.
 */
const WRITE_NORMALIZED = `WITH u AS (
     SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::jsonb[], $6::int[], $7::text[], $8::real[],
                          $9::text[], $10::jsonb[], $11::jsonb[], $12::text[], $13::timestamptz[])
         AS u(id, revision, title, text, sections, word_count, language, language_confidence, content_hash, metadata,
              report, normalizer_version, published_at)
      ORDER BY id),
   updated AS (
     UPDATE article a SET title = u.title, text = u.text, sections = u.sections, word_count = u.word_count,
            language = u.language, language_confidence = u.language_confidence, content_hash = u.content_hash,
            metadata = u.metadata, normalization_report = u.report, normalizer_version = u.normalizer_version,
            published_at = u.published_at, status = $14, normalized_at = clock_timestamp(),
            error = NULL, failed_stage = NULL, failed_at = NULL
       FROM u WHERE a.id = u.id AND a.revision = u.revision AND a.status = ANY($15)
     RETURNING a.id)
   SELECT id FROM updated`;

/** One article's normalized form, ready to write. */
interface Normalized {
  job: ArticleJobPayload;
  result: NormalizedArticle;
  publishedAt: Date;
}

/**
 * Stage 1: clean the stored raw input into text, sections and metadata, then hand the article to dedupe.
 * Re-running it gives the same result, so a retry after a crash is harmless. The jobs a worker runs at once are
 * handled as one batch (see JobBatcher): one read, one write and one hand-on for all of them.
 */
@Injectable()
export class NormalizeArticle {
  private readonly batcher: JobBatcher<ArticleJobPayload, void>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly queue: PipelineQueue,
    private readonly failures: ArticleFailures,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(NormalizeArticle.name);
    this.batcher = new JobBatcher((jobs) => this.runBatch(jobs), {
      maxSize: config.STAGE_BATCH_SIZE,
      windowMs: config.STAGE_BATCH_WINDOW_MS,
    });
  }

  execute(job: ArticleJobPayload, attempt: StageAttempt): Promise<void> {
    return this.failures.guard('normalize', job, attempt, () => this.batcher.add(job));
  }

  private async runBatch(jobs: ArticleJobPayload[]): Promise<BatchOutcome<void>[]> {
    const rows = await preparedQuery<RawRow>(this.db.manager, READ_RAW, [jobs.map((job) => job.articleId)]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    const outcomes: BatchOutcome<Normalized | null>[] = [];
    for (const job of jobs) {
      // An HTML page takes up to tens of milliseconds: the event loop (lock renewals, /metrics) gets a turn between.
      if (outcomes.length) await new Promise((resolve) => setImmediate(resolve));
      outcomes.push(await outcomeOf(() => this.normalize(job, byId.get(job.articleId))));
    }
    const ready = outcomes.flatMap((o) => (o.ok && o.value ? [o.value] : []));
    const written = await this.writeAll(ready);
    const handedOn = ready.filter(({ job }) => written.get(job)?.ok === true);
    const handOff = await outcomeOf(() =>
      this.queue.enqueueMany(
        JobName.DedupeArticle,
        handedOn.map(({ job }) => job),
      ),
    );
    this.logger.debug({ jobs: jobs.length, written: handedOn.length }, 'normalized a batch');
    return jobs.map((job, i): BatchOutcome<void> => {
      const outcome = outcomes[i];
      if (!outcome.ok) return outcome;
      const write = written.get(job);
      if (write && !write.ok) return write;
      if (write?.value && !handOff.ok) return handOff;
      return { ok: true, value: undefined };
    });
  }

  /** The article's normalized form, or null when this job has nothing to do (it moved on, or was superseded). */
  private normalize(job: ArticleJobPayload, row: RawRow | undefined): Normalized | null {
    if (!row) throw new UnrecoverableError(`article ${job.articleId} does not exist`);
    if (row.revision !== job.revision) return null; // superseded by a re-normalization; its own job carries on
    if (row.status !== ArticleStatus.Received && row.status !== ArticleStatus.Normalized) {
      this.logger.debug({ articleId: job.articleId, status: row.status }, 'already past normalize');
      return null;
    }
    const result = normalizeArticle(rawArticleOf(row));
    if (!result.title?.value && result.text.trim() === '') {
      // Nothing a reader could be told about (e.g. a page of scripts and navigation): it must not found a story.
      throw new UnrecoverableError('no title and no text after normalization: nothing to group');
    }
    const publishedAt = result.metadata.publishedAt ? new Date(result.metadata.publishedAt.value) : row.received_at;
    return { job, result, publishedAt };
  }

  /**
   * Writes the batch in one statement; if that statement fails, each article alone, so that an article Postgres
   * refuses fails its own job and not the batch's. Per job: whether its article was written (false: it was carried
   * on by another job meanwhile), or the error of its write.
   */
  private async writeAll(ready: Normalized[]): Promise<Map<ArticleJobPayload, BatchOutcome<boolean>>> {
    const outcomes = new Map<ArticleJobPayload, BatchOutcome<boolean>>();
    if (ready.length === 0) return outcomes;
    const batch = await outcomeOf(() => this.write(ready));
    if (batch.ok) {
      for (const n of ready) outcomes.set(n.job, { ok: true, value: batch.value.has(n.job.articleId) });
      return outcomes;
    }
    if (ready.length === 1 || sessionEnded(batch.error)) {
      for (const n of ready) outcomes.set(n.job, batch);
      return outcomes;
    }
    for (const n of ready) {
      outcomes.set(n.job, await outcomeOf(async () => (await this.write([n])).has(n.job.articleId)));
    }
    return outcomes;
  }

  /** The ids of the articles written. */
  private async write(ready: Normalized[]): Promise<Set<string>> {
    const column = <T>(pick: (n: Normalized) => T): T[] => ready.map(pick);
    const rows = await preparedQuery<{ id: string }>(this.db.manager, WRITE_NORMALIZED, [
      column((n) => n.job.articleId),
      column((n) => n.job.revision),
      column((n) => n.result.title?.value ?? null),
      column((n) => n.result.text),
      column((n) => JSON.stringify(n.result.sections)),
      column((n) => n.result.wordCount),
      column((n) => n.result.language.code),
      column((n) => n.result.language.confidence),
      column((n) => n.result.contentHash),
      column((n) => JSON.stringify({ ...n.result.metadata, title: n.result.title, language: n.result.language })),
      column((n) => JSON.stringify(n.result.report)),
      column((n) => n.result.version),
      column((n) => n.publishedAt),
      ArticleStatus.Normalized,
      [ArticleStatus.Received, ArticleStatus.Normalized],
    ]);
    const written = new Set(rows.map((row) => row.id));
    for (const n of ready) {
      if (written.has(n.job.articleId)) {
        this.logger.info(
          { articleId: n.job.articleId, words: n.result.wordCount, language: n.result.language.code },
          'normalized',
        );
      } else {
        this.logger.debug({ articleId: n.job.articleId }, 'carried on by another job while normalizing');
      }
    }
    return written;
  }
}
