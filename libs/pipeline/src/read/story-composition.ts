import { DataSource } from 'typeorm';

/** Texts a story's view groups its articles into; a story of more has `textCount` say so. */
export const STORY_VIEW_TEXTS = 100;

/** An article as a text group lists it. */
export interface TextArticle {
  id: string;
  title: string | null;
  source: string | null;
  url: string | null;
  publishedAt: Date | null;
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
    // The first STORY_VIEW_TEXTS texts by their first article, each with its members, the canonical first.
    db.query(
      `WITH member AS (
         SELECT a.id, a.title, a.source, a.url, a.published_at, l.kind, coalesce(a.canonical_id, a.id) AS text_id,
                a.canonical_id IS NULL AS canonical, coalesce(a.published_at, a.received_at) AS at
           FROM article a LEFT JOIN syndication_link l ON l.copy_id = a.id
          WHERE a.story_id = $1
       ), text AS (
         SELECT text_id, min(at) AS at FROM member GROUP BY text_id ORDER BY min(at), text_id LIMIT $2
       )
       SELECT m.* FROM text t JOIN member m USING (text_id)
        ORDER BY t.at, t.text_id, m.canonical DESC, m.at, m.id`,
      [storyId, STORY_VIEW_TEXTS],
    ) as Promise<Array<Record<string, any>>>,
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
    texts: groupTexts(texts),
    textCount: counts?.texts ?? 0,
    timeline: timeline.map((h) => ({ hour: h.hour, articles: h.articles, sourcesJoining: h.sources_joining })),
    languages: counts?.languages ?? [],
  };
}

/** Rows of text members, in order, as text groups. */
function groupTexts(rows: Array<Record<string, any>>): StoryText[] {
  const groups = new Map<string, StoryText>();
  for (const r of rows) {
    const group = groups.get(r.text_id) ?? { canonical: null, copies: [] };
    const article: TextArticle = {
      id: r.id,
      title: r.title,
      source: r.source,
      url: r.url,
      publishedAt: r.published_at,
      syndication: r.canonical ? null : (r.kind ?? null),
    };
    if (r.canonical) group.canonical = article;
    else group.copies.push(article);
    groups.set(r.text_id, group);
  }
  return [...groups.values()];
}
