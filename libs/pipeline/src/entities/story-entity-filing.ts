import { EntityManager } from 'typeorm';

// A story's entity aggregates (story_entity, and story.entity_articles) count the mentions of exactly the articles
// filed in it (article.entities_story_id). Counting an article in or taking it back is set-based SQL over that
// article's own mentions, so its cost is the article's, whatever the size of the story. Entities are looked up one
// by one (a lateral OFFSET 0): joined as a set, Postgres without statistics (autovacuum off) scanned them all.

/** Each article's mentions of each entity: how many, and the best zone (title 0, lead 1, body 2) they reach. */
const CONTRIBUTIONS = `SELECT m.article_id, m.entity_id, count(*)::int AS mentions, min(m.zone) AS zone
  FROM entity_mention m WHERE m.article_id = ANY($2::uuid[]) GROUP BY m.article_id, m.entity_id`;

/** Per entity over those articles: the deltas of one story_entity row. */
const DELTAS = `SELECT c.entity_id, sum(c.mentions)::int AS mentions, count(*)::int AS articles,
       (count(*) FILTER (WHERE c.zone = 0))::int AS titles, (count(*) FILTER (WHERE c.zone <= 1))::int AS leads
  FROM (${CONTRIBUTIONS}) c GROUP BY c.entity_id`;

/**
 * The surname and full_name columns of a story_entity row, from its entity's key (`PERSON:dmytro kuleba`): a
 * surname-only mention ("PERSON:kuleba") is ranked with the one full name of the story ending in it. Written once,
 * with the row; they never change.
 */
export const PERSON_NAME_COLUMNS = `CASE WHEN e.type = 'PERSON' THEN regexp_replace(substr(e.key, 8), '^.* ', '') END,
       e.type = 'PERSON' AND strpos(substr(e.key, 8), ' ') > 0`;

/** The tier of a row with `mentions` (see StoryEntity.tier). */
export const tierSql = (mentions: string) => `floor(log(2, (${mentions})::numeric))::smallint`;

/**
 * Counts the mentions of `articleIds` (not counted in any story: their entities_story_id is null or being set to
 * `storyId`) in `storyId`'s aggregates: one upsert in entity order (concurrent writers of one row queue instead of
 * deadlocking), and the story's article count when any of them has mentions.
 */
export async function countInStory(tx: EntityManager, storyId: string, articleIds: string[]): Promise<void> {
  await tx.query(
    `WITH d AS (${DELTAS}),
     counted AS (
       INSERT INTO story_entity AS se (story_id, entity_id, mentions, tier, articles, titles, leads, surname, full_name)
       SELECT $1, d.entity_id, d.mentions, ${tierSql('d.mentions')}, d.articles, d.titles, d.leads, ${PERSON_NAME_COLUMNS}
         FROM d CROSS JOIN LATERAL (SELECT type, key FROM entity WHERE id = d.entity_id OFFSET 0) e ORDER BY d.entity_id
       ON CONFLICT (story_id, entity_id) DO UPDATE SET mentions = se.mentions + EXCLUDED.mentions,
         tier = ${tierSql('se.mentions + EXCLUDED.mentions')},
         articles = se.articles + EXCLUDED.articles, titles = se.titles + EXCLUDED.titles, leads = se.leads + EXCLUDED.leads
       RETURNING 1)
     UPDATE story SET entity_articles = entity_articles + n.articles
       FROM (SELECT count(DISTINCT article_id)::int AS articles FROM entity_mention WHERE article_id = ANY($2::uuid[])) n
      WHERE id = $1 AND n.articles > 0`,
    [storyId, articleIds],
  );
}

/**
 * Takes the mentions of `articleIds` (counted in `storyId`) back out of its aggregates: rows left without mentions
 * are deleted. Only on the rare paths (an article tagged again, moved, or its story merged): one MERGE.
 */
export async function takeBackFromStory(tx: EntityManager, storyId: string, articleIds: string[]): Promise<void> {
  await tx.query(
    `MERGE INTO story_entity se USING (${DELTAS} ORDER BY c.entity_id) d
        ON se.story_id = $1 AND se.entity_id = d.entity_id
      WHEN MATCHED AND se.mentions <= d.mentions THEN DELETE
      WHEN MATCHED THEN UPDATE SET mentions = se.mentions - d.mentions,
        tier = ${tierSql('se.mentions - d.mentions')}, articles = se.articles - d.articles,
        titles = se.titles - d.titles, leads = se.leads - d.leads`,
    [storyId, articleIds],
  );
  await tx.query(
    `UPDATE story SET entity_articles = greatest(0, entity_articles - n.articles)
       FROM (SELECT count(DISTINCT article_id)::int AS articles FROM entity_mention WHERE article_id = ANY($2::uuid[])) n
      WHERE id = $1 AND n.articles > 0`,
    [storyId, articleIds],
  );
}

/**
 * Files the done articles of `storyId` that are counted elsewhere or nowhere — dedupe moved them in, or merged
 * their story into this one (the merged story's rows are gone) — into its aggregates. The partial index
 * ix_article_unfiled holds only such articles, so the usual answer, none, costs one index probe.
 */
export async function fileArrivals(tx: EntityManager, storyId: string): Promise<void> {
  const arrivals: { id: string; entities_story_id: string | null }[] = await tx.query(
    `SELECT id, entities_story_id FROM article
      WHERE story_id = $1 AND status = 'done' AND entities_story_id IS DISTINCT FROM story_id ORDER BY id FOR UPDATE`,
    [storyId],
  );
  if (!arrivals.length) return;
  await refile(tx, arrivals, storyId);
}

/** Moves articles' counts from the story each is counted in (if any) to `storyId` (null: none). */
export async function refile(
  tx: EntityManager,
  articles: { id: string; entities_story_id: string | null }[],
  storyId: string | null,
): Promise<void> {
  const byStory = new Map<string, string[]>();
  for (const a of articles) {
    if (a.entities_story_id && a.entities_story_id !== storyId) {
      byStory.set(a.entities_story_id, [...(byStory.get(a.entities_story_id) ?? []), a.id]);
    }
  }
  for (const [from, ids] of [...byStory].sort(([x], [y]) => (x < y ? -1 : 1))) await takeBackFromStory(tx, from, ids);
  const moving = articles.filter((a) => a.entities_story_id !== storyId).map((a) => a.id);
  if (!moving.length) return;
  if (storyId) await countInStory(tx, storyId, moving);
  await tx.query(`UPDATE article SET entities_story_id = $2 WHERE id = ANY($1::uuid[])`, [moving, storyId]);
}
