import { DataSource } from 'typeorm';
import { DateBasis, dateBasis } from '@storyline/stories';
import { decodeOrderedCursor, encodeOrderedCursor, INVALID_CURSOR } from './cursor';

/** The provenance of an article's publication time, as the normalizer recorded it (`a`: the article). */
export const PUBLISHED_SOURCE = `a.metadata #>> '{publishedAt,source}' AS published_source`;

/** Texts a story's view groups its articles into; `textsNextCursor` continues them. */
export const STORY_VIEW_TEXTS = 100;

/** An article as a text group lists it. */
export interface TextArticle {
  id: string;
  title: string | null;
  source: string | null;
  url: string | null;
  publishedAt: Date | null;
  publishedFrom: DateBasis;
  /** How a copy was recognised (`exact` or `near`); null for the canonical article. */
  syndication: string | null;
}

/** One text of a story: its canonical article (null when that is in another story) and the copies of it here. */
export interface StoryText {
  canonical: TextArticle | null;
  copies: TextArticle[];
}

/** The articles that joined a story in one hour, and the sources whose first article it was. */
export interface TimelineHour {
  hour: string;
  articles: number;
  sourcesJoining: string[];
}

/** How a story is made up: its texts with their copies, when articles and sources joined, its languages. */
export interface StoryComposition {
  texts: StoryText[];
  /** Cursor of the texts after `texts` (GET /v1/stories/:id/texts), null when there are none. */
  textsNextCursor: string | null;
  textCount: number;
  timeline: TimelineHour[];
  languages: Array<{ language: string; articles: number }>;
}

/**
 * Read from the story's articles (ix_article_story_id) in three statements. An article's time is the one the
 * article list orders by: its publication time, its receive time when it has none.
 */
export async function readStoryComposition(db: DataSource, storyId: string): Promise<StoryComposition> {
  const [texts, [counts], timeline] = await Promise.all([
    readStoryTexts(db, storyId, { limit: STORY_VIEW_TEXTS }) as Promise<{
      items: StoryText[];
      nextCursor: string | null;
    }>,
    db.query(
      `SELECT count(DISTINCT coalesce(a.canonical_id, a.id))::int AS texts,
              coalesce((SELECT json_agg(json_build_object('language', l.language, 'articles', l.articles)
                                        ORDER BY l.articles DESC, l.language)
                          FROM (SELECT language, count(*)::int AS articles FROM article
                                 WHERE story_id = $1 AND language IS NOT NULL GROUP BY language) l), '[]') AS languages
         FROM article a WHERE a.story_id = $1`,
      [storyId],
    ) as Promise<Array<{ texts: number; languages: StoryComposition['languages'] }>>,
    // Hours in UTC, whatever the session's time zone.
    db.query(
      `WITH member AS (
         SELECT a.id, a.source, date_trunc('hour', coalesce(a.published_at, a.received_at), 'UTC') AS hour,
                coalesce(a.published_at, a.received_at) AS at
           FROM article a WHERE a.story_id = $1
       ), joined AS (
         SELECT DISTINCT ON (source) source, hour FROM member WHERE source IS NOT NULL ORDER BY source, at, id
       )
       SELECT to_char(m.hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:00:00"Z"') AS hour, count(*)::int AS articles,
              coalesce((SELECT array_agg(j.source ORDER BY j.source) FROM joined j WHERE j.hour = m.hour), '{}')
                AS sources_joining
         FROM member m GROUP BY m.hour ORDER BY m.hour`,
      [storyId],
    ) as Promise<Array<{ hour: string; articles: number; sources_joining: string[] }>>,
  ]);
  return {
    texts: texts.items,
    textsNextCursor: texts.nextCursor,
    textCount: counts?.texts ?? 0,
    timeline: timeline.map((h) => ({ hour: h.hour, articles: h.articles, sourcesJoining: h.sources_joining })),
    languages: counts?.languages ?? [],
  };
}

/** The order tag of a texts cursor: an articles cursor sent to the texts listing is refused, not misread. */
const TEXTS_ORDER = 't';

/**
 * A page of the story's texts in the order of their first article (ties by the text's id, its canonical
 * article's), each with its members in the story, the canonical first, then by time and id. A text's first
 * article is its earliest member here. Returns INVALID_CURSOR for a cursor that does not decode.
 */
export async function readStoryTexts(
  db: DataSource,
  storyId: string,
  q: { limit: number; cursor?: string },
): Promise<{ items: StoryText[]; nextCursor: string | null } | typeof INVALID_CURSOR> {
  const cursor = q.cursor ? decodeOrderedCursor(q.cursor, TEXTS_ORDER, 'time') : null;
  if (q.cursor && !cursor) return INVALID_CURSOR;
  const params: unknown[] = [storyId, q.limit + 1];
  const after = cursor
    ? `HAVING (min(at), text_id) > ($${params.push(cursor.key)}::timestamptz, $${params.push(cursor.id)}::uuid)`
    : '';
  const rows: Array<Record<string, any>> = await db.query(
    `WITH member AS (
       SELECT a.id, a.title, a.source, a.url, a.published_at, ${PUBLISHED_SOURCE}, l.kind,
              coalesce(a.canonical_id, a.id) AS text_id, a.canonical_id IS NULL AS canonical,
              coalesce(a.published_at, a.received_at) AS at
         FROM article a LEFT JOIN syndication_link l ON l.copy_id = a.id
        WHERE a.story_id = $1
     ), text AS (
       SELECT text_id, min(at) AS at FROM member GROUP BY text_id ${after} ORDER BY min(at), text_id LIMIT $2
     )
     SELECT m.*, to_char(t.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS text_at
       FROM text t JOIN member m USING (text_id)
      ORDER BY t.at, t.text_id, m.canonical DESC, m.at, m.id`,
    params,
  );
  const groups = groupTexts(rows);
  const items = [...groups.values()].slice(0, q.limit);
  const last = [...groups.keys()][items.length - 1];
  return {
    items,
    nextCursor:
      groups.size > q.limit && last
        ? encodeOrderedCursor(TEXTS_ORDER, { key: rows.find((r) => r.text_id === last)!.text_at, id: last })
        : null,
  };
}

/** Rows of text members, in order, as text groups by text id. */
function groupTexts(rows: Array<Record<string, any>>): Map<string, StoryText> {
  const groups = new Map<string, StoryText>();
  for (const r of rows) {
    const group = groups.get(r.text_id) ?? { canonical: null, copies: [] };
    const article: TextArticle = {
      id: r.id,
      title: r.title,
      source: r.source,
      url: r.url,
      publishedAt: r.published_at,
      publishedFrom: dateBasis(r.published_source),
      syndication: r.canonical ? null : (r.kind ?? null),
    };
    if (r.canonical) group.canonical = article;
    else group.copies.push(article);
    groups.set(r.text_id, group);
  }
  return groups;
}
