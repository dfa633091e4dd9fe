import { DataSource } from 'typeorm';
import { topStoryEntities } from '@storyline/pipeline';

/** One of a story's top entities, with the story's articles that mention it. */
export interface ExportedStoryEntity {
  id: string;
  name: string;
  type: string;
  salience: number;
  articleIds: string[];
}

/** One exported story: as the API lists it, with its top entities and the articles behind each. */
export interface ExportedStory {
  id: string;
  title: string | null;
  version: number;
  articleCount: number;
  sources: string[];
  firstSeenAt: string;
  lastSeenAt: string;
  updatedAt: string;
  /** The most salient first, as the story's own view ranks them. */
  topEntities: ExportedStoryEntity[];
}

/** The columns of the CSV export, in order. */
export const STORY_COLUMNS = [
  'id',
  'title',
  'version',
  'articleCount',
  'sources',
  'firstSeenAt',
  'lastSeenAt',
  'updatedAt',
  'topEntities',
] as const satisfies readonly (keyof ExportedStory)[];

/** Top entities per exported story: as many as a story event carries, enough to say what a story is about. */
export const EXPORTED_STORY_ENTITIES = 10;

interface Row {
  id: string;
  title: string | null;
  version: number;
  article_count: number;
  sources: string[];
  first_seen_at: Date;
  last_seen_at: Date;
  updated_at: Date;
  cursor_key: string;
}

/**
 * Every live story (as GET /v1/stories lists them: not merged away, announced), oldest first seen first, one page
 * at a time on (first_seen_at, id) — ix_story_first_seen_at_id, the same keyset as the list's firstSeen order —
 * so memory stays flat and a story is written once however many share a first-seen time.
 */
export async function* exportStories(db: DataSource, pageSize = 200): AsyncGenerator<ExportedStory> {
  let after: { key: string; id: string } | null = null;
  for (;;) {
    const rows: Row[] = await db.query(
      `SELECT s.id, s.title, s.version, s.article_count, s.sources, s.first_seen_at, s.last_seen_at, s.updated_at,
              to_char(s.first_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_key
         FROM story s
        WHERE s.merged_into_id IS NULL AND s.version > 0
          AND ($2::timestamptz IS NULL OR (s.first_seen_at, s.id) > ($2::timestamptz, $3::uuid))
        ORDER BY s.first_seen_at, s.id LIMIT $1`,
      [pageSize, after?.key ?? null, after?.id ?? null],
    );
    for (const r of rows) {
      yield {
        id: r.id,
        title: r.title,
        version: r.version,
        articleCount: r.article_count,
        sources: r.sources,
        firstSeenAt: r.first_seen_at.toISOString(),
        lastSeenAt: r.last_seen_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
        topEntities: await topEntities(db, r.id),
      };
    }
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1];
    after = { key: last.cursor_key, id: last.id };
  }
}

/**
 * The story's top entities, ranked as its view ranks them, each with the ids of the story's articles that mention
 * that entity. A surname-only person counts towards the one full name of the story ending in it (see
 * topStoryEntities); the articles naming them by the surname alone are not listed under the full name.
 */
async function topEntities(db: DataSource, storyId: string): Promise<ExportedStoryEntity[]> {
  const top = await topStoryEntities(db, storyId, EXPORTED_STORY_ENTITIES);
  if (!top.length) return [];
  const rows: Array<{ entity_id: string; article_ids: string[] }> = await db.query(
    `SELECT m.entity_id, array_agg(DISTINCT a.id ORDER BY a.id) AS article_ids
       FROM article a JOIN entity_mention m ON m.article_id = a.id
      WHERE a.story_id = $1 AND m.entity_id = ANY($2::uuid[])
      GROUP BY m.entity_id`,
    [storyId, top.map((e) => e.id)],
  );
  const articles = new Map(rows.map((r) => [r.entity_id, r.article_ids]));
  return top.map((e) => ({
    id: e.id,
    name: e.name,
    type: e.type,
    salience: e.salience,
    articleIds: articles.get(e.id) ?? [],
  }));
}
