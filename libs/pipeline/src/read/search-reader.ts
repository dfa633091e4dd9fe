import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dateBasis } from '@storyline/stories';
import { topEntitiesOfStories } from '../entities/story-entity-ranking';
import { decodeRankCursor, encodeRankCursor, INVALID_CURSOR } from './cursor';
import { StoryFilter, storyFilterSql } from './story-filter';
import { PUBLISHED_SOURCE } from './story-composition';
import { LISTED_ENTITIES, Page, presentStory } from './story-reader';

/**
 * ISO 639-1 code → the text-search configuration `article_search_config` (migration ArticleSearchVector) indexes
 * an article of that language with; any other code, or none, is 'simple'. Kept equal to the SQL function by
 * test/query/search.e2e-spec.ts.
 */
export const SEARCH_CONFIGS: Readonly<Record<string, string>> = {
  ar: 'arabic',
  da: 'danish',
  de: 'german',
  el: 'greek',
  en: 'english',
  es: 'spanish',
  fi: 'finnish',
  fr: 'french',
  ga: 'irish',
  hu: 'hungarian',
  id: 'indonesian',
  it: 'italian',
  lt: 'lithuanian',
  ne: 'nepali',
  nl: 'dutch',
  no: 'norwegian',
  nb: 'norwegian',
  nn: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
};

const ALL_CONFIGS = [...new Set(['simple', ...Object.values(SEARCH_CONFIGS)])];

/** What `ts_headline` marks matches with; HTML-escaped text around them, then made `<mark>…</mark>`. */
const MARK_START = '\uE000';
const MARK_END = '\uE001';
const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`;

export interface SearchQuery {
  /** websearch syntax: words, "a phrase", or, -not. */
  q: string;
  limit: number;
  cursor?: string;
  /** Published at or after (inclusive). */
  from?: string;
  /** Published before (exclusive). */
  to?: string;
  source?: string;
  /** ISO 639-1: only articles detected in this language, the query parsed in its configuration. */
  language?: string;
  /** Only stories that mention this entity (as `GET /v1/stories?entity=`). */
  entityId?: string;
  /** Only stories that pass this filter, as `GET /v1/stories` lists them (its ranked form, `?q=`). */
  story?: StoryFilter;
}

/**
 * Full-text search: stories ranked by their best-matching done article (ts_rank_cd over `article.search_vector`),
 * each with that article, a highlighted snippet and its syndicated copies, which are collapsed into it (one text,
 * one result). An article matches when the query, parsed in its own language's configuration, matches it: without
 * a `language`, the query is parsed in every configuration to find candidates on the GIN index, and each is
 * checked (and ranked) with its own.
 */
@Injectable()
export class SearchReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async search(q: SearchQuery): Promise<Page<Record<string, unknown>> | typeof INVALID_CURSOR> {
    const cursor = q.cursor ? decodeRankCursor(q.cursor) : null;
    if (q.cursor && !cursor) return INVALID_CURSOR;
    const params: unknown[] = [q.q, q.limit + 1];
    const articleWhere: string[] = [];
    const add = (value: unknown) => `$${params.push(value)}`;
    const configs = q.language ? [SEARCH_CONFIGS[q.language] ?? 'simple'] : ALL_CONFIGS;
    // Constants of this file only: never text from the request.
    const candidates = configs.map((c) => `websearch_to_tsquery('${c}'::regconfig, $1)`).join(' || ');
    if (q.language) articleWhere.push(`a.language = ${add(q.language)}`);
    if (q.source) articleWhere.push(`a.source = ${add(q.source)}`);
    if (q.from) articleWhere.push(`a.published_at >= ${add(q.from)}::timestamptz`);
    if (q.to) articleWhere.push(`a.published_at < ${add(q.to)}::timestamptz`);
    if (q.entityId) {
      articleWhere.push(
        `EXISTS (SELECT 1 FROM story_entity se WHERE se.story_id = a.story_id AND se.entity_id = ${add(q.entityId)})`,
      );
    }
    const storyWhere = ['s.merged_into_id IS NULL', 's.version > 0', ...storyFilterSql(q.story ?? {}, add)];
    if (cursor) {
      storyWhere.push(`(b.rank, s.id) < (${add(cursor.rank)}::real, ${add(cursor.id)}::uuid)`);
    }
    const rows: Record<string, any>[] = await this.db.query(
      // The query parsed once in each configuration, not once per candidate article.
      `WITH parsed AS MATERIALIZED (
         SELECT c AS config, websearch_to_tsquery(c, $1) AS query FROM unnest(${add(configs)}::regconfig[]) c
       ), matched AS (
         SELECT a.id, a.story_id, coalesce(a.canonical_id, a.id) AS text_id, a.canonical_id IS NULL AS canonical,
                coalesce(a.published_at, a.received_at) AS at, ts_rank_cd(a.search_vector, p.query) AS rank
           FROM article a JOIN parsed p ON p.config = article_search_config(a.language)
          WHERE a.search_vector @@ (${candidates})
            AND a.search_vector @@ p.query
            AND a.status = 'done' AND a.story_id IS NOT NULL
            ${articleWhere.map((w) => `AND ${w}`).join(' ')}
       ), best AS (
         -- A story's best article (of equal copies of one text, the canonical one) and its matching texts, in one
         -- pass over the matches: the planner cannot estimate how many articles match, and two grouped reads joined
         -- were run one inside the other, once per story.
         SELECT story_id, max(rank) AS rank, count(DISTINCT text_id) AS texts,
                (array_agg(id ORDER BY rank DESC, canonical DESC, at, id))[1] AS id,
                (array_agg(text_id ORDER BY rank DESC, canonical DESC, at, id))[1] AS text_id
           FROM matched GROUP BY story_id
       )
       SELECT s.id, s.title, s.version, s.article_count, s.first_seen_at, s.last_seen_at, s.updated_at, s.sources,
              b.id AS article_id, b.text_id, b.rank::text AS rank, b.texts
         FROM best b JOIN story s ON s.id = b.story_id
        WHERE ${storyWhere.join(' AND ')}
        ORDER BY b.rank DESC, s.id DESC LIMIT $2`,
      params,
    );
    const page = rows.slice(0, q.limit);
    // The page's snippets, copies and entities: three statements for the whole page, side by side.
    const [articles, copies, entities] = await Promise.all([
      this.articles(
        q.q,
        page.map((r) => r.article_id as string),
      ),
      this.copies(page.map((r) => ({ articleId: r.article_id, textId: r.text_id, storyId: r.id }))),
      topEntitiesOfStories(
        this.db,
        page.map((r) => r.id as string),
        LISTED_ENTITIES,
      ),
    ]);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        ...presentStory(r),
        entities: entities.get(r.id) ?? [],
        match: {
          rank: Number(r.rank),
          matchingTexts: Number(r.texts),
          article: { ...articles.get(r.article_id), copies: copies.get(r.article_id) ?? [] },
        },
      })),
      nextCursor: rows.length > q.limit && last ? encodeRankCursor({ rank: last.rank, id: last.id }) : null,
    };
  }

  /** The page's articles with their snippets: ts_headline runs on these few only. */
  private async articles(q: string, ids: string[]): Promise<Map<string, Record<string, unknown>>> {
    if (!ids.length) return new Map();
    const rows: Record<string, any>[] = await this.db.query(
      `SELECT a.id, a.title, a.source, a.url, a.published_at, ${PUBLISHED_SOURCE}, a.language,
              ts_headline(article_search_config(a.language),
                          CASE WHEN coalesce(a.text, '') = '' THEN coalesce(a.title, '') ELSE left(a.text, 100000) END,
                          websearch_to_tsquery(article_search_config(a.language), $1), $3) AS snippet
         FROM article a WHERE a.id = ANY($2::uuid[])`,
      [q, ids, HEADLINE_OPTIONS],
    );
    return new Map(
      rows.map((a) => [
        a.id,
        {
          id: a.id,
          title: a.title,
          source: a.source,
          url: a.url,
          publishedAt: a.published_at,
          publishedFrom: dateBasis(a.published_source),
          language: a.language,
          snippet: presentSnippet(a.snippet),
        },
      ]),
    );
  }

  /** The other done articles of each result's text (its canonical and the canonical's copies), in its story. */
  private async copies(
    results: Array<{ articleId: string; textId: string; storyId: string }>,
  ): Promise<Map<string, Array<{ id: string; source: string | null; url: string | null }>>> {
    if (!results.length) return new Map();
    const rows: Array<{ of: string; id: string; source: string | null; url: string | null }> = await this.db.query(
      `SELECT r.article_id AS of, a.id, a.source, a.url
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS r(article_id, text_id, story_id)
         JOIN article a ON (a.id = r.text_id OR a.canonical_id = r.text_id) AND a.story_id = r.story_id
        WHERE a.id <> r.article_id AND a.status = 'done'
        ORDER BY a.id`,
      [results.map((r) => r.articleId), results.map((r) => r.textId), results.map((r) => r.storyId)],
    );
    const byArticle = new Map<string, Array<{ id: string; source: string | null; url: string | null }>>();
    for (const { of, ...copy } of rows) byArticle.set(of, [...(byArticle.get(of) ?? []), copy]);
    return byArticle;
  }
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** ts_headline's fragment as HTML: the text escaped, matches in `<mark>`, whitespace runs (line breaks) one space. */
export function presentSnippet(raw: string | null): string {
  return (raw ?? '')
    .replace(/[&<>"']/g, (c) => HTML_ESCAPES[c])
    .replaceAll(MARK_START, '<mark>')
    .replaceAll(MARK_END, '</mark>')
    .replace(/\s+/g, ' ')
    .trim();
}
