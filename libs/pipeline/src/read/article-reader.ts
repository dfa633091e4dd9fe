import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeSeqCursor, encodeSeqCursor } from './cursor';
import { INVALID_CURSOR } from './cursor';
import { Page } from './story-reader';

/** The columns the article view shows: not the search vector, which is only read by search. */
const ARTICLE_VIEW_COLUMNS = `id, external_id, source, url, status, error, failed_stage, revision, story_id, canonical_id,
  received_at, normalized_at, clustered_at, entities_at, done_at, failed_at, content_type, raw_title, raw_text,
  raw_html, published_at_input, language_input, title, text, sections, word_count, language, language_confidence,
  content_hash, published_at, metadata, normalization_report, normalizer_version, story_decision`;

export interface ArticleListQuery {
  limit: number;
  cursor?: string;
  status?: string;
  source?: string;
}

/** An article with everything each stage recorded about it: the API's view for debugging and consumers. */
@Injectable()
export class ArticleReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Articles newest first (by arrival), optionally of one status or source: how an operator finds the ones that
   * failed, and why, without knowing their ids.
   */
  async list(q: ArticleListQuery): Promise<Page<Record<string, unknown>> | typeof INVALID_CURSOR> {
    const before = q.cursor ? decodeSeqCursor(q.cursor) : null;
    if (q.cursor && !before) return INVALID_CURSOR;
    const rows: Record<string, any>[] = await this.db.query(
      `SELECT id, external_id, source, coalesce(title, raw_title) AS title, status, failed_stage, error, story_id,
              received_at, seq
         FROM article
        WHERE ($1::bigint IS NULL OR seq < $1) AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR source = $3)
        ORDER BY seq DESC LIMIT $4`,
      [before, q.status ?? null, q.source ?? null, q.limit + 1],
    );
    const page = rows.slice(0, q.limit);
    return {
      items: page.map((a) => ({
        id: a.id,
        externalId: a.external_id,
        source: a.source,
        title: a.title,
        status: a.status,
        failedStage: a.failed_stage,
        error: a.error,
        storyId: a.story_id,
        receivedAt: a.received_at,
      })),
      nextCursor: rows.length > q.limit ? encodeSeqCursor(page[page.length - 1].seq) : null,
    };
  }

  async get(id: string): Promise<Record<string, unknown> | null> {
    const [a] = await this.db.query(`SELECT ${ARTICLE_VIEW_COLUMNS} FROM article WHERE id = $1`, [id]);
    if (!a) return null;
    const [link] = await this.db.query(
      `SELECT canonical_id, kind, jaccard, containment FROM syndication_link WHERE copy_id = $1`,
      [id],
    );
    const copies = await this.db.query(
      `SELECT copy_id AS id, kind, jaccard, containment FROM syndication_link WHERE canonical_id = $1 ORDER BY copy_id`,
      [id],
    );
    const [page] = await this.db.query(
      `SELECT requested_url, final_url, canonical_url, outcome, http_status, reason, attempts, requested_at, fetched_at
         FROM page_fetch WHERE article_id = $1`,
      [id],
    );
    const mentions = await this.db.query(
      `SELECT m.start, m."end", m.text, m.type, m.sentence, m.entity_id, e.canonical_name
         FROM entity_mention m JOIN entity e ON e.id = m.entity_id WHERE m.article_id = $1 ORDER BY m.start, m.id`,
      [id],
    );
    return {
      id: a.id,
      externalId: a.external_id,
      source: a.source,
      url: a.url,
      status: a.status,
      error: a.error,
      failedStage: a.failed_stage,
      revision: a.revision,
      storyId: a.story_id,
      canonicalId: a.canonical_id,
      syndication: link
        ? { canonicalId: link.canonical_id, kind: link.kind, jaccard: link.jaccard, containment: link.containment }
        : null,
      copies,
      stages: {
        receivedAt: a.received_at,
        normalizedAt: a.normalized_at,
        clusteredAt: a.clustered_at,
        entitiesAt: a.entities_at,
        doneAt: a.done_at,
        failedAt: a.failed_at,
      },
      raw: {
        contentType: a.content_type,
        title: a.raw_title,
        text: a.raw_text,
        html: a.raw_html,
        publishedAt: a.published_at_input,
        language: a.language_input,
      },
      normalized:
        a.normalized_at === null
          ? null
          : {
              title: a.title,
              text: a.text,
              sections: a.sections,
              wordCount: a.word_count,
              language: a.language,
              languageConfidence: a.language_confidence,
              contentHash: a.content_hash,
              publishedAt: a.published_at,
              metadata: a.metadata,
              report: a.normalization_report,
              normalizerVersion: a.normalizer_version,
            },
      // Only an article that came as a URL alone has a fetch: what was asked, where it led, what came of it.
      fetch: page
        ? {
            requestedUrl: page.requested_url,
            finalUrl: page.final_url,
            canonicalUrl: page.canonical_url,
            outcome: page.outcome,
            httpStatus: page.http_status,
            reason: page.reason,
            attempts: page.attempts,
            requestedAt: page.requested_at,
            fetchedAt: page.fetched_at,
          }
        : null,
      storyDecision: a.story_decision,
      entities: mentions.map((m: any) => ({
        start: m.start,
        end: m.end,
        text: m.text,
        type: m.type,
        sentence: m.sentence,
        entityId: m.entity_id,
        canonical: m.canonical_name,
      })),
    };
  }
}
