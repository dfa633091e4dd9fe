import { EntityManager } from 'typeorm';
import { preparedQuery } from '@storyline/database';
import { ArticleStatus } from '@storyline/contracts';
import { mentionZone, ResolvedMention } from '@storyline/nlp';
import { PERSON_NAME_COLUMNS, tierSql } from './story-entity-filing';

/** What filing articles' entities came to. */
export interface Filing {
  /**
   * Every article was clustered in the story at its revision (and, if it had to be, never tagged): they are done now.
   * When one was not, nothing is written (the caller rolls back).
   */
  filed: boolean;
  /** The story's new version (its event is the caller's to write); null when the story is gone. */
  version: number | null;
  /** Done articles of the story are counted in no story or in another one (see fileArrivals). */
  arrivals: boolean;
}

/** An article to file, with the mentions recognized in it. */
export interface ArticleToFile {
  id: string;
  revision: number;
  title: string;
  mentions: ResolvedMention[];
}

/** The statement of fileArticleEntities. */
const FILE_ARTICLES = `WITH story_version AS (
     UPDATE story SET version = version + 1, updated_at = now(), entity_articles = entity_articles + $23
      WHERE id = $3 RETURNING version),
   filed AS (
     UPDATE article a SET status = '${ArticleStatus.Done}', entities_at = clock_timestamp(),
            done_at = clock_timestamp(), entities_story_id = $3
       FROM unnest($1::uuid[], $2::int[]) AS x(id, revision)
      WHERE a.id = x.id AND a.revision = x.revision AND a.status = '${ArticleStatus.Clustered}' AND a.story_id = $3
        AND EXISTS (SELECT 1 FROM story_version)
        AND (NOT $4 OR (a.entities_story_id IS NULL AND NOT EXISTS (SELECT 1 FROM entity_mention WHERE article_id = a.id)))
     RETURNING a.id),
   complete AS (SELECT count(*) = cardinality($1::uuid[]) AS every FROM filed),
   u AS (SELECT * FROM unnest($5::text[], $6::text[], $7::text[], $8::int[], $9::int[], $10::int[], $11::int[])
                    AS u(key, type, canonical, n, articles, titles, leads)
          WHERE (SELECT every FROM complete)),
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
     SELECT entities.id, x.alias, x.n FROM unnest($12::text[], $13::text[], $14::int[]) AS x(key, alias, n)
       JOIN entities ON entities.key = x.key ORDER BY 1, 2
     ON CONFLICT (entity_id, alias) DO UPDATE SET count = a.count + EXCLUDED.count),
   mentions AS (
     INSERT INTO entity_mention (article_id, entity_id, start, "end", text, type, sentence, zone)
     SELECT m.article_id, entities.id, m.start, m."end", m.text, m.type, m.sentence, m.zone
       FROM unnest($15::uuid[], $16::text[], $17::int[], $18::int[], $19::text[], $20::text[], $21::int[], $22::int[])
            AS m(article_id, key, start, "end", text, type, sentence, zone)
       JOIN entities ON entities.key = m.key),
   counted AS (
     INSERT INTO story_entity AS se (story_id, entity_id, mentions, tier, articles, titles, leads, surname, full_name)
     SELECT $3, e.id, u.n, ${tierSql('u.n')}, u.articles, u.titles, u.leads, ${PERSON_NAME_COLUMNS}
       FROM u JOIN entities e ON e.key = u.key ORDER BY e.id
     ON CONFLICT (story_id, entity_id) DO UPDATE SET mentions = se.mentions + EXCLUDED.mentions,
       tier = ${tierSql('se.mentions + EXCLUDED.mentions')},
       articles = se.articles + EXCLUDED.articles, titles = se.titles + EXCLUDED.titles, leads = se.leads + EXCLUDED.leads)
   SELECT (SELECT version FROM story_version) AS version, (SELECT every FROM complete) AS filed,
          EXISTS (SELECT 1 FROM article WHERE story_id = $3 AND status = '${ArticleStatus.Done}'
                     AND entities_story_id IS DISTINCT FROM story_id) AS arrivals`;

/** One entity's share of a filing: its mentions over the articles, and in how many articles, titles and leads. */
interface EntityTally {
  type: string;
  canonical: string;
  mentions: number;
  articles: number;
  titles: number;
  leads: number;
}

/**
 * Files articles of one story in one statement: the story's version taken once for all of them (which locks the
 * story row, first, as dedupe takes its locks), the articles marked done (only if every one is still clustered at its
 * revision in this story, and, when `firstTagging`, has no mentions counted anywhere yet), their entities created or
 * counted up in key order (the canonical name with the most words wins), their aliases, their mentions, and their
 * deltas to the story's entity aggregates in entity order. Each step reads the one before it, so they run in that
 * order and nothing is written when an article is no longer what the caller read: `filed` is false, and the caller
 * rolls back. A re-run's earlier mentions must have been taken back first (see takeBackMentions), in the same
 * transaction, with `firstTagging` false.
 */
export async function fileArticleEntities(
  tx: EntityManager,
  storyId: string,
  firstTagging: boolean,
  articles: ArticleToFile[],
): Promise<Filing> {
  const tallies = new Map<string, EntityTally>();
  const aliasCounts = new Map<string, Map<string, number>>();
  const mentionRows: { articleId: string; mention: ResolvedMention; zone: number }[] = [];
  for (const article of articles) {
    const best = new Map<string, { mentions: ResolvedMention[]; zone: number }>();
    article.mentions.forEach((mention) => {
      const zone = mentionZone(mention.start, article.title);
      mentionRows.push({ articleId: article.id, mention, zone });
      const entity = best.get(mention.entityKey);
      if (entity) {
        entity.mentions.push(mention);
        entity.zone = Math.min(entity.zone, zone);
      } else {
        best.set(mention.entityKey, { mentions: [mention], zone });
      }
    });
    for (const [key, { mentions, zone }] of best) {
      const canonical = mentions[0].canonical;
      const tally = tallies.get(key);
      if (!tally) {
        tallies.set(key, { type: mentions[0].type, canonical, mentions: 0, articles: 0, titles: 0, leads: 0 });
      } else if (wordCount(canonical) > wordCount(tally.canonical)) {
        tally.canonical = canonical;
      }
      const counted = tallies.get(key)!;
      counted.mentions += mentions.length;
      counted.articles += 1;
      counted.titles += Number(zone === 0);
      counted.leads += Number(zone <= 1);
      const aliases = aliasCounts.get(key) ?? new Map<string, number>();
      for (const m of mentions) aliases.set(m.text, (aliases.get(m.text) ?? 0) + 1);
      aliases.set(canonical, aliases.get(canonical) ?? 0);
      aliasCounts.set(key, aliases);
    }
  }
  const keys = [...tallies.keys()].sort();
  const aliases = keys.flatMap((key) => [...aliasCounts.get(key)!].map(([alias, count]) => ({ key, alias, count })));
  const column = <T>(pick: (t: EntityTally) => T): T[] => keys.map((key) => pick(tallies.get(key)!));
  const [row] = await preparedQuery<Filing>(tx, FILE_ARTICLES, [
    articles.map((a) => a.id),
    articles.map((a) => a.revision),
    storyId,
    firstTagging,
    keys,
    column((t) => t.type),
    column((t) => t.canonical),
    column((t) => t.mentions),
    column((t) => t.articles),
    column((t) => t.titles),
    column((t) => t.leads),
    aliases.map((a) => a.key),
    aliases.map((a) => a.alias),
    aliases.map((a) => a.count),
    mentionRows.map((r) => r.articleId),
    mentionRows.map((r) => r.mention.entityKey),
    mentionRows.map((r) => r.mention.start),
    mentionRows.map((r) => r.mention.end),
    mentionRows.map((r) => r.mention.text),
    mentionRows.map((r) => r.mention.type),
    mentionRows.map((r) => r.mention.sentence),
    mentionRows.map((r) => r.zone),
    articles.filter((a) => a.mentions.length > 0).length,
  ]);
  return row;
}

const wordCount = (name: string): number => name.split(' ').length;

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
