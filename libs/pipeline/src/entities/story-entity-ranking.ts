import { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '@storyline/database';
import { SALIENCE_WEIGHTS as W } from '@storyline/nlp';

// Salience is computed when read, from the kept aggregates, with rankStoryEntities' formula: it depends on the
// story's article count, so a stored value would go stale for every entity with each article.

/**
 * Salience of one aggregate row `se` in a story of `n` articles (an SQL expression, rounded as rankStoryEntities
 * rounds): log-damped mentions plus the shares of the articles that have the entity in the title, the lead, at all.
 */
export function salienceSql(se: string, n: string): string {
  return `round((${W.mentions} * ln(1 + ${se}.mentions) + (${W.title} * least(${se}.titles, ${n}) + ${W.lead} * least(${se}.leads, ${n})
    + ${W.coverage} * least(${se}.articles, ${n}))::float8 / ${n})::numeric, 3)::float8`;
}

interface Counts {
  mentions: number;
  articles: number;
  titles: number;
  leads: number;
}

/** One story_entity row as ranking reads it. */
export interface StoryEntityRow extends Counts {
  entity_id: string;
  tier: number;
  surname: string | null;
  full_name: boolean;
}

export interface StoryEntityView {
  id: string;
  name: string;
  type: string;
  salience: number;
  mentions: number;
  articles: number;
  inTitle: boolean;
}

/** The same formula as salienceSql (and rankStoryEntities), for rows already read. */
function salience(c: Counts, n: number): number {
  const share = W.title * Math.min(c.titles, n) + W.lead * Math.min(c.leads, n) + W.coverage * Math.min(c.articles, n);
  return Math.round((W.mentions * Math.log1p(c.mentions) + share / n) * 1000) / 1000;
}

/** The most any entity whose rows all have a tier below `tier` can score: fewer than 2^tier mentions per row. */
function bound(tier: number, n: number): number {
  // Two rows at most (a full name and its surname-only row), each under 2^tier mentions; shares are at most one
  // each, and at most mentions/n.
  const mentions = 2 * 2 ** tier;
  return W.mentions * Math.log1p(mentions) + ((W.title + W.lead + W.coverage) * Math.min(mentions, n)) / n;
}

/**
 * Tiers of a story's entity rows read at once from the top (the head): every tier of a story whose entities have
 * fewer than 2^HEAD_TIERS mentions each, so most stories are read and ranked in one query.
 */
const HEAD_TIERS = 4;

/** The columns ranking reads of a story_entity row. */
const ROW_COLUMNS = 'entity_id, mentions, tier, articles, titles, leads, surname, full_name';

/**
 * The rows of story `storyId` that `chosen` picks (an SQL condition on `se`) and, in the same read, every other row
 * sharing a surname with one of them: whether a surname-only row joins a full name depends on them all. The rows
 * are found through ix_story_entity_tier and the partners through ix_story_entity_surname, one index each.
 */
function withSurnamePartners(storyId: string, chosen: string): string {
  return `SELECT ${ROW_COLUMNS} FROM story_entity se WHERE se.story_id = ${storyId} AND ${chosen}
          UNION
          SELECT ${ROW_COLUMNS} FROM story_entity p
           WHERE p.story_id = ${storyId}
             AND p.surname IN (SELECT se.surname FROM story_entity se
                                WHERE se.story_id = ${storyId} AND ${chosen} AND se.surname IS NOT NULL)`;
}

/**
 * The head of a story's entity rows — its top HEAD_TIERS tiers, and the rows below them that share a surname with
 * a head row — with their entities' names: an SQL expression giving a JSON array (never null) for the story
 * `storyId` (an SQL expression); see topStoryEntities. The names are read one row at a time, so the plan does not
 * depend on statistics.
 */
export function entityHeadSql(storyId: string): string {
  const head = `se.tier > (SELECT max(t.tier) FROM story_entity t WHERE t.story_id = ${storyId}) - ${HEAD_TIERS}`;
  return `(SELECT coalesce(json_agg(h), '[]') FROM (
            SELECT r.*, (SELECT e.canonical_name FROM entity e WHERE e.id = r.entity_id) AS name,
                   (SELECT e.type FROM entity e WHERE e.id = r.entity_id) AS type
              FROM (${withSurnamePartners(storyId, head)}) r) h)`;
}

/** A story's entity count and the head of its entity rows (see entityHeadSql), read with the story. */
export interface EntityHead {
  /** greatest(1, story.entity_articles). */
  n: number;
  rows: (StoryEntityRow & { name: string; type: string })[];
}

// The statements of topStoryEntities: the head with the story's entity count, one tier with its partners, names.
const READ_HEAD = `SELECT greatest(1, s.entity_articles) AS n, ${entityHeadSql('s.id')} AS rows FROM story s WHERE s.id = $1`;
const READ_TIER = withSurnamePartners('$1', 'se.tier = $2');
const READ_NAMES = `SELECT id, canonical_name, type FROM entity WHERE id = ANY($1::uuid[])`;

/** Rows merged (surname-only into the story's one full name ending in it) and ranked; ties: mentions, then id. */
function rank(rows: StoryEntityRow[], n: number): { id: string; counts: Counts; salience: number }[] {
  const fullNames = new Map<string, StoryEntityRow[]>();
  for (const r of rows) {
    if (r.full_name && r.surname !== null) fullNames.set(r.surname, [...(fullNames.get(r.surname) ?? []), r]);
  }
  const merged = new Map<string, Counts>();
  for (const r of rows) {
    const full = !r.full_name && r.surname !== null ? fullNames.get(r.surname) : undefined;
    const id = full?.length === 1 ? full[0].entity_id : r.entity_id;
    const c = merged.get(id) ?? { mentions: 0, articles: 0, titles: 0, leads: 0 };
    merged.set(id, {
      mentions: c.mentions + Number(r.mentions),
      articles: c.articles + Number(r.articles),
      titles: c.titles + Number(r.titles),
      leads: c.leads + Number(r.leads),
    });
  }
  return [...merged]
    .map(([id, counts]) => ({ id, counts, salience: salience(counts, n) }))
    .sort((a, b) => b.salience - a.salience || b.counts.mentions - a.counts.mentions || (a.id < b.id ? -1 : 1));
}

/**
 * A story's `limit` most salient entities, as the API and the story events show them. The story's rows are ranked
 * tier by tier from the top until no entity left unread can outscore the last one kept, so a large story's long
 * tail of entities mentioned once or twice is never read: the head (its top tiers, in one query, or as the caller
 * read it with the story) covers every tier of most stories, and tiers below it are read one by one
 * (ix_story_entity_tier). As in rankStoryEntities, a surname-only person counts with the one full name of the
 * story ending in it (their rows are read together, through ix_story_entity_surname); their article counts are
 * added, capped at the story's (an article that has both is counted twice: rare, as one article resolves a surname
 * to its own full name).
 */
export async function topStoryEntities(
  db: DataSource | EntityManager,
  storyId: string,
  limit: number,
  known?: EntityHead,
): Promise<StoryEntityView[]> {
  const manager = db instanceof DataSource ? db.manager : db;
  const head = known ?? (await readHead(manager, storyId));
  if (!head || !head.rows.length) return [];
  const { n } = head;
  const names = new Map(head.rows.map((r) => [r.entity_id, { canonical_name: r.name, type: r.type }]));
  const top = Math.max(...head.rows.map((r) => r.tier));
  // The lowest tier the head holds whole.
  const lowest = Math.max(0, top - HEAD_TIERS + 1);
  const rows = new Map<string, StoryEntityRow>();
  let ranked: { id: string; counts: Counts; salience: number }[] = [];
  for (let tier = top; tier >= 0; tier--) {
    // A tier's rows come with every row sharing a surname with them: from the head, which holds those of its own
    // tiers, or in one read.
    const read: StoryEntityRow[] =
      tier >= lowest
        ? headTier(head.rows, tier)
        : await preparedQuery<StoryEntityRow>(manager, READ_TIER, [storyId, tier]);
    for (const r of read) rows.set(r.entity_id, r);
    ranked = rank([...rows.values()], n);
    if (ranked.length >= limit && tier > 0 && ranked[limit - 1].salience > bound(tier, n)) break;
  }
  const kept = ranked.slice(0, limit);
  if (!kept.length) return [];
  const unnamed = kept.map((t) => t.id).filter((id) => !names.has(id));
  if (unnamed.length) {
    const found = await preparedQuery<{ id: string; canonical_name: string; type: string }>(manager, READ_NAMES, [
      unnamed,
    ]);
    for (const e of found) names.set(e.id, e);
  }
  return kept
    .map((t) => ({
      id: t.id,
      name: names.get(t.id)!.canonical_name,
      type: names.get(t.id)!.type,
      salience: t.salience,
      mentions: t.counts.mentions,
      articles: Math.min(t.counts.articles, n),
      inTitle: t.counts.titles > 0,
    }))
    .sort((a, b) => b.salience - a.salience || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

// The heads of several stories in one statement: a page of a listing reads its stories' entities at once.
const READ_HEADS = `SELECT s.id, greatest(1, s.entity_articles) AS n, ${entityHeadSql('s.id')} AS rows
                      FROM story s WHERE s.id = ANY($1::uuid[])`;

/**
 * The `limit` most salient entities of each of `storyIds` (as topStoryEntities ranks them), keyed by story id.
 * Their heads are read in one statement; only a story whose entities the head does not settle reads more tiers.
 */
export async function topEntitiesOfStories(
  db: DataSource | EntityManager,
  storyIds: string[],
  limit: number,
): Promise<Map<string, StoryEntityView[]>> {
  if (!storyIds.length) return new Map();
  const manager = db instanceof DataSource ? db.manager : db;
  const heads = await preparedQuery<EntityHead & { id: string }>(manager, READ_HEADS, [storyIds]);
  return new Map(
    await Promise.all(
      heads.map(async (h) => [h.id, await topStoryEntities(manager, h.id, limit, h)] as [string, StoryEntityView[]]),
    ),
  );
}

/** The head's rows of one tier, and those sharing a surname with them. */
function headTier(rows: StoryEntityRow[], tier: number): StoryEntityRow[] {
  const surnames = new Set(rows.filter((r) => r.tier === tier && r.surname !== null).map((r) => r.surname));
  return rows.filter((r) => r.tier === tier || (r.surname !== null && surnames.has(r.surname)));
}

async function readHead(manager: EntityManager, storyId: string): Promise<EntityHead | null> {
  const [story] = await preparedQuery<EntityHead>(manager, READ_HEAD, [storyId]);
  return story ?? null;
}
