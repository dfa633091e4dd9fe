import { EntityManager } from 'typeorm';
import { preparedQuery } from '@storyline/database';
import { ArticleStatus } from '@storyline/contracts';
import { mentionZone, ResolvedMention } from '@storyline/nlp';
import { PERSON_NAME_COLUMNS, tierSql } from './story-entity-filing';

/** What filing an article's entities came to. */
export interface Filing {
  /** The article was clustered in the story at this revision (and, if it had to be, never tagged): it is done now. */
  filed: boolean;
  /** The story's new version (its event is the caller's to write); null when the story is gone. */
  version: number | null;
  /** Done articles of the story are counted in no story or in another one (see fileArrivals). */
  arrivals: boolean;
}

/** The statement of fileArticleEntities. */
const FILE_ARTICLE = `WITH story_version AS (
     UPDATE story SET version = version + 1, updated_at = now(),
            entity_articles = entity_articles + (cardinality($5::text[]) > 0)::int
      WHERE id = $3 RETURNING version),
   filed AS (
     UPDATE article SET status = '${ArticleStatus.Done}', entities_at = clock_timestamp(), done_at = clock_timestamp(),
            entities_story_id = $3
      WHERE id = $1 AND revision = $2 AND status = '${ArticleStatus.Clustered}' AND story_id = $3
        AND EXISTS (SELECT 1 FROM story_version)
        AND (NOT $4 OR (entities_story_id IS NULL AND NOT EXISTS (SELECT 1 FROM entity_mention WHERE article_id = $1)))
     RETURNING id),
   u AS (SELECT * FROM unnest($5::text[], $6::text[], $7::text[], $8::int[], $9::int[]) AS u(key, type, canonical, n, zone)
          WHERE EXISTS (SELECT 1 FROM filed)),
   entities AS (
     INSERT INTO entity AS e (id, key, type, canonical_name, mention_count)
     SELECT gen_random_uuid(), u.key, u.type, u.canonical, u.n FROM u ORDER BY u.key
     ON CONFLICT (key) DO UPDATE SET mention_count = e.mention_count + EXCLUDED.mention_count, updated_at = now(),
       canonical_name = CASE WHEN array_length(string_to_array(EXCLUDED.canonical_name, ' '), 1)
                                  > array_length(string_to_array(e.canonical_name, ' '), 1)
                             THEN EXCLUDED.canonical_name ELSE e.canonical_name END
     RETURNING e.id, e.key, e.type),
   aliases AS (
     INSERT INTO entity_alias AS a (entity_id, alias, count)
     SELECT entities.id, x.alias, x.n FROM unnest($10::text[], $11::text[], $12::int[]) AS x(key, alias, n)
       JOIN entities ON entities.key = x.key ORDER BY 1, 2
     ON CONFLICT (entity_id, alias) DO UPDATE SET count = a.count + EXCLUDED.count),
   mentions AS (
     INSERT INTO entity_mention (article_id, entity_id, start, "end", text, type, sentence, zone)
     SELECT $1, entities.id, m.start, m."end", m.text, m.type, m.sentence, m.zone
       FROM unnest($13::text[], $14::int[], $15::int[], $16::text[], $17::text[], $18::int[], $19::int[])
            AS m(key, start, "end", text, type, sentence, zone)
       JOIN entities ON entities.key = m.key),
   counted AS (
     INSERT INTO story_entity AS se (story_id, entity_id, mentions, tier, articles, titles, leads, surname, full_name)
     SELECT $3, e.id, u.n, ${tierSql('u.n')}, 1, (u.zone = 0)::int, (u.zone <= 1)::int, ${PERSON_NAME_COLUMNS}
       FROM u JOIN entities e ON e.key = u.key ORDER BY e.id
     ON CONFLICT (story_id, entity_id) DO UPDATE SET mentions = se.mentions + EXCLUDED.mentions,
       tier = ${tierSql('se.mentions + EXCLUDED.mentions')},
       articles = se.articles + 1, titles = se.titles + EXCLUDED.titles, leads = se.leads + EXCLUDED.leads)
   SELECT (SELECT version FROM story_version) AS version, EXISTS (SELECT 1 FROM filed) AS filed,
          EXISTS (SELECT 1 FROM article WHERE story_id = $3 AND status = '${ArticleStatus.Done}'
                     AND entities_story_id IS DISTINCT FROM story_id) AS arrivals`;

/**
 * Files one article's entities in one statement: the story's version taken (which locks the story row, first, as
 * dedupe takes its locks), the article marked done (only if it is still clustered at this revision in this story,
 * and, when `firstTagging`, has no mentions counted anywhere yet), its entities created or counted up in key order
 * (a longer canonical name wins), their aliases, its mentions, and its deltas to the story's entity aggregates in
 * entity order. Each step reads the one before it, so they run in that order and nothing is written when the article
 * is no longer what the caller read: `filed` is false, and the caller rolls back. A re-run's earlier mentions must
 * have been taken back first (see takeBackMentions), in the same transaction, with `firstTagging` false.
 */
export async function fileArticleEntities(
  tx: EntityManager,
  article: { id: string; revision: number; storyId: string; title: string; firstTagging: boolean },
  mentions: ResolvedMention[],
): Promise<Filing> {
  const { byKey, keys } = byEntity(mentions);
  const zones = mentions.map((m) => mentionZone(m.start, article.title));
  const bestZone = new Map<string, number>();
  mentions.forEach((m, i) => bestZone.set(m.entityKey, Math.min(bestZone.get(m.entityKey) ?? zones[i], zones[i])));
  const aliases: { key: string; alias: string; count: number }[] = [];
  for (const key of keys) {
    const group = byKey.get(key)!;
    const counts = new Map<string, number>();
    for (const m of group) counts.set(m.text, (counts.get(m.text) ?? 0) + 1);
    counts.set(group[0].canonical, counts.get(group[0].canonical) ?? 0);
    for (const [alias, count] of counts) aliases.push({ key, alias, count });
  }
  const [row] = await preparedQuery<Filing>(tx, FILE_ARTICLE, [
    article.id,
    article.revision,
    article.storyId,
    article.firstTagging,
    keys,
    keys.map((k) => byKey.get(k)![0].type),
    keys.map((k) => byKey.get(k)![0].canonical),
    keys.map((k) => byKey.get(k)!.length),
    keys.map((k) => bestZone.get(k)!),
    aliases.map((a) => a.key),
    aliases.map((a) => a.alias),
    aliases.map((a) => a.count),
    mentions.map((m) => m.entityKey),
    mentions.map((m) => m.start),
    mentions.map((m) => m.end),
    mentions.map((m) => m.text),
    mentions.map((m) => m.type),
    mentions.map((m) => m.sentence),
    zones,
  ]);
  return row;
}

/** Mentions by entity key, and the keys sorted: concurrent articles create and lock shared entities in that order. */
function byEntity(mentions: ResolvedMention[]): { byKey: Map<string, ResolvedMention[]>; keys: string[] } {
  const byKey = new Map<string, ResolvedMention[]>();
  for (const m of mentions) {
    const group = byKey.get(m.entityKey);
    if (group) group.push(m);
    else byKey.set(m.entityKey, [m]);
  }
  return { byKey, keys: [...byKey.keys()].sort() };
}

/**
 * A re-run (the article re-normalized, or tagged before and moved): its earlier mentions are deleted and taken back
 * from their entities and aliases. Every entity the run touches — the earlier mentions' and the new `keys` — is
 * created if new and locked first, all in key order: otherwise a re-run would hold an old entity while waiting for
 * a new one that another article holds while waiting for it. Called with the story and the article locked; the
 * mentions are the new ones.
 */
export async function takeBackMentions(
  tx: EntityManager,
  articleId: string,
  mentions: ResolvedMention[],
): Promise<void> {
  const { byKey, keys } = byEntity(mentions);
  await tx.query(
    `INSERT INTO entity (id, key, type, canonical_name, mention_count)
     SELECT gen_random_uuid(), k, t, c, 0 FROM unnest($1::text[], $2::text[], $3::text[]) AS u(k, t, c) ORDER BY k
     ON CONFLICT (key) DO NOTHING`,
    [keys, keys.map((k) => byKey.get(k)![0].type), keys.map((k) => byKey.get(k)![0].canonical)],
  );
  await tx.query(
    `SELECT e.id FROM entity e
      WHERE e.id IN (SELECT entity_id FROM entity_mention WHERE article_id = $1) OR e.key = ANY($2)
      ORDER BY e.key FOR UPDATE`,
    [articleId, keys],
  );
  await tx.query(
    `WITH old AS (DELETE FROM entity_mention WHERE article_id = $1 RETURNING entity_id, text),
     entities AS (UPDATE entity e SET mention_count = e.mention_count - c.n
                    FROM (SELECT entity_id, count(*)::int AS n FROM old GROUP BY entity_id) c
                   WHERE e.id = c.entity_id)
     UPDATE entity_alias a SET count = a.count - c.n
       FROM (SELECT entity_id, text, count(*)::int AS n FROM old GROUP BY entity_id, text) c
      WHERE a.entity_id = c.entity_id AND a.alias = c.text`,
    [articleId],
  );
}
