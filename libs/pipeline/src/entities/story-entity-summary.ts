import { EntityManager } from 'typeorm';
import { rankStoryEntities, ResolvedMention } from '@storyline/nlp';

/** How many entities a story keeps in its summary (the API and webhooks show the top of it). */
const STORY_ENTITY_LIMIT = 100;

/** Re-ranks the story's entities over all its finished articles (salience: mentions, titles, spread). */
export async function summarizeStoryEntities(tx: EntityManager, storyId: string): Promise<void> {
  const rows: {
    article_id: string;
    title: string | null;
    entity_id: string;
    key: string;
    canonical_name: string;
    start: number;
    end: number;
    text: string;
    type: string;
    sentence: number;
  }[] = await tx.query(
    `SELECT a.id AS article_id, a.title, e.id AS entity_id, e.key, e.canonical_name, m.start, m."end", m.text, m.type, m.sentence
         FROM article a JOIN entity_mention m ON m.article_id = a.id JOIN entity e ON e.id = m.entity_id
        WHERE a.story_id = $1 AND a.status = 'done' ORDER BY a.id, m.start`,
    [storyId],
  );
  const perArticle = new Map<string, { articleId: string; title: string; resolved: ResolvedMention[] }>();
  const idByKey = new Map<string, string>();
  for (const r of rows) {
    idByKey.set(r.key, r.entity_id);
    const entry = perArticle.get(r.article_id) ?? { articleId: r.article_id, title: r.title ?? '', resolved: [] };
    entry.resolved.push({
      start: r.start,
      end: r.end,
      text: r.text,
      type: r.type as ResolvedMention['type'],
      sentence: r.sentence,
      entityKey: r.key,
      canonical: r.canonical_name,
    });
    perArticle.set(r.article_id, entry);
  }
  const ranked = rankStoryEntities([...perArticle.values()]).slice(0, STORY_ENTITY_LIMIT);
  await tx.query(`DELETE FROM story_entity WHERE story_id = $1`, [storyId]);
  if (!ranked.length) return;
  await tx.query(
    `INSERT INTO story_entity (story_id, entity_id, mentions, articles, in_title, salience)
     SELECT $1, unnest($2::uuid[]), unnest($3::int[]), unnest($4::int[]), unnest($5::bool[]), unnest($6::real[])`,
    [
      storyId,
      ranked.map((e) => idByKey.get(e.entityKey)),
      ranked.map((e) => e.mentions),
      ranked.map((e) => e.articles),
      ranked.map((e) => e.inTitle),
      ranked.map((e) => e.salience),
    ],
  );
}
