import { EntityManager } from 'typeorm';
import { fileArrivals, PERSON_NAME_COLUMNS, refile, tierSql } from './story-entity-filing';

/**
 * Restates a story's entity aggregates from the mentions of its articles, after dedupe moved articles between
 * stories or merged them (a rare path; the entities stage counts each article in as it finishes). Articles counted
 * here that have left are moved to their new story (or to none while they are not done), arrivals are counted in,
 * then the story's rows are recomputed from its articles' mentions and only those that differ are written: the
 * same rows counting the articles in one by one gives. Mentions and entities are looked up article by article and
 * entity by entity (lateral, OFFSET 0): joined as sets, Postgres without statistics (autovacuum off) scanned every
 * mention stored.
 */
export async function summarizeStoryEntities(tx: EntityManager, storyId: string): Promise<void> {
  const leavers: { id: string; story_id: string; status: string; entities_story_id: string }[] = await tx.query(
    `SELECT id, story_id, status, entities_story_id FROM article
      WHERE entities_story_id = $1 AND entities_story_id <> story_id ORDER BY id FOR UPDATE`,
    [storyId],
  );
  const done = leavers.filter((a) => a.status === 'done');
  const byStory = new Map<string, typeof leavers>();
  for (const a of done) byStory.set(a.story_id, [...(byStory.get(a.story_id) ?? []), a]);
  for (const [to, articles] of [...byStory].sort(([x], [y]) => (x < y ? -1 : 1))) await refile(tx, articles, to);
  await refile(
    tx,
    leavers.filter((a) => a.status !== 'done'),
    null,
  );
  await fileArrivals(tx, storyId);

  await tx.query(
    `WITH c AS (SELECT m.article_id, m.entity_id, count(*)::int AS mentions, min(m.zone) AS zone
                  FROM article a
                 CROSS JOIN LATERAL (SELECT article_id, entity_id, zone FROM entity_mention
                                      WHERE article_id = a.id OFFSET 0) m
                 WHERE a.story_id = $1 AND a.entities_story_id = $1 GROUP BY m.article_id, m.entity_id),
     d AS (SELECT c.entity_id, sum(c.mentions)::int AS mentions, count(*)::int AS articles,
                  (count(*) FILTER (WHERE c.zone = 0))::int AS titles, (count(*) FILTER (WHERE c.zone <= 1))::int AS leads
             FROM c GROUP BY c.entity_id),
     gone AS (DELETE FROM story_entity se WHERE se.story_id = $1 AND NOT EXISTS (SELECT 1 FROM d WHERE d.entity_id = se.entity_id)),
     n AS (UPDATE story SET entity_articles = x.n
             FROM (SELECT count(DISTINCT article_id)::int AS n FROM c) x
            WHERE id = $1 AND entity_articles <> x.n)
     INSERT INTO story_entity AS se (story_id, entity_id, mentions, tier, articles, titles, leads, surname, full_name)
     SELECT $1, d.entity_id, d.mentions, ${tierSql('d.mentions')}, d.articles, d.titles, d.leads, ${PERSON_NAME_COLUMNS}
       FROM d CROSS JOIN LATERAL (SELECT type, key FROM entity WHERE id = d.entity_id OFFSET 0) e ORDER BY d.entity_id
     ON CONFLICT (story_id, entity_id) DO UPDATE SET mentions = EXCLUDED.mentions, tier = EXCLUDED.tier,
       articles = EXCLUDED.articles,
       titles = EXCLUDED.titles, leads = EXCLUDED.leads
     WHERE (se.mentions, se.articles, se.titles, se.leads)
           IS DISTINCT FROM (EXCLUDED.mentions, EXCLUDED.articles, EXCLUDED.titles, EXCLUDED.leads)`,
    [storyId],
  );
}
