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

// The statements of topStoryEntities: the heads with the stories' entity counts; for stories the head does not
// settle, the next HEAD_TIERS tiers below what was read (`below`) with their partners and names, all in one.
const READ_HEAD = `SELECT greatest(1, s.entity_articles) AS n, ${entityHeadSql('s.id')} AS rows FROM story s WHERE s.id = $1`;
const READ_HEADS = `SELECT s.id, greatest(1, s.entity_articles) AS n, ${entityHeadSql('s.id')} AS rows
                      FROM story s WHERE s.id = ANY($1::uuid[])`;
const READ_TIERS = `SELECT q.story_id, r.*, (SELECT e.canonical_name FROM entity e WHERE e.id = r.entity_id) AS name,
                           (SELECT e.type FROM entity e WHERE e.id = r.entity_id) AS type
                      FROM unnest($1::uuid[], $2::int[]) AS q(story_id, below)
                     CROSS JOIN LATERAL (${withSurnamePartners('q.story_id', `se.tier >= q.below - ${HEAD_TIERS} AND se.tier < q.below`)}) r`;

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

type NamedRow = StoryEntityRow & { name: string; type: string };

/** What has been read of a story's rows: every row of tiers `from` and above, each with its surname partners. */
interface ReadRows {
  id: string;
  n: number;
  top: number;
  from: number;
  rows: Map<string, NamedRow>;
}

/**
 * The rows read so far ranked tier by tier from the top, as far as needed: `settled` once no entity left unread
 * (all of whose rows are below the tier just ranked) can outscore the last one kept, or when every tier is read.
 */
function rankRead(read: ReadRows, limit: number): { ranked: ReturnType<typeof rank>; settled: boolean } {
  const all = [...read.rows.values()];
  const seen = new Map<string, StoryEntityRow>();
  let ranked: ReturnType<typeof rank> = [];
  for (let tier = read.top; tier >= read.from; tier--) {
    for (const r of headTier(all, tier)) seen.set(r.entity_id, r);
    ranked = rank([...seen.values()], read.n);
    if (ranked.length >= limit && tier > 0 && ranked[limit - 1].salience > bound(tier, read.n)) {
      return { ranked, settled: true };
    }
  }
  return { ranked, settled: read.from === 0 };
}

/**
 * The top `limit` entities of stories whose heads are read: the stories the head does not settle read the next
 * HEAD_TIERS tiers, all of them in one statement, until each is settled.
 */
async function rankStories(
  manager: EntityManager,
  heads: Array<EntityHead & { id: string }>,
  limit: number,
): Promise<Map<string, StoryEntityView[]>> {
  const reads: ReadRows[] = heads
    .filter((h) => h.rows.length)
    .map((h) => {
      const top = Math.max(...h.rows.map((r) => r.tier));
      return {
        id: h.id,
        n: h.n,
        top,
        from: Math.max(0, top - HEAD_TIERS + 1),
        rows: new Map(h.rows.map((r) => [r.entity_id, r])),
      };
    });
  const ranked = new Map<string, ReturnType<typeof rank>>();
  let pending = reads;
  while (pending.length) {
    const unsettled: ReadRows[] = [];
    for (const read of pending) {
      const r = rankRead(read, limit);
      if (r.settled) ranked.set(read.id, r.ranked);
      else unsettled.push(read);
    }
    if (!unsettled.length) break;
    const more = await preparedQuery<NamedRow & { story_id: string }>(manager, READ_TIERS, [
      unsettled.map((r) => r.id),
      unsettled.map((r) => r.from),
    ]);
    const byId = new Map(unsettled.map((r) => [r.id, r]));
    for (const { story_id, ...row } of more) {
      const read = byId.get(story_id)!;
      if (!read.rows.has(row.entity_id)) read.rows.set(row.entity_id, row);
    }
    for (const read of unsettled) read.from = Math.max(0, read.from - HEAD_TIERS);
    pending = unsettled;
  }
  return new Map(
    reads.map((read) => {
      const n = read.n;
      const views = (ranked.get(read.id) ?? [])
        .slice(0, limit)
        .map((t) => ({
          id: t.id,
          name: read.rows.get(t.id)!.name,
          type: read.rows.get(t.id)!.type,
          salience: t.salience,
          mentions: t.counts.mentions,
          articles: Math.min(t.counts.articles, n),
          inTitle: t.counts.titles > 0,
        }))
        .sort((a, b) => b.salience - a.salience || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return [read.id, views];
    }),
  );
}

/**
 * A story's `limit` most salient entities, as the API and the story events show them. The story's rows are ranked
 * tier by tier from the top until no entity left unread can outscore the last one kept, so a large story's long
 * tail of entities mentioned once or twice is never read: the head (its top tiers, in one query, or as the caller
 * read it with the story) covers every tier of most stories, and the tiers below it are read HEAD_TIERS at a time
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
  if (!head) return [];
  return (await rankStories(manager, [{ ...head, id: storyId }], limit)).get(storyId) ?? [];
}

/**
 * The `limit` most salient entities of each of `storyIds` (as topStoryEntities ranks them), keyed by story id: a
 * page of a listing reads its stories' heads in one statement, and the tiers below the heads that some of them
 * need in one statement per HEAD_TIERS tiers, whatever the page's size.
 */
export async function topEntitiesOfStories(
  db: DataSource | EntityManager,
  storyIds: string[],
  limit: number,
): Promise<Map<string, StoryEntityView[]>> {
  if (!storyIds.length) return new Map();
  const manager = db instanceof DataSource ? db.manager : db;
  const heads = await preparedQuery<EntityHead & { id: string }>(manager, READ_HEADS, [storyIds]);
  return rankStories(manager, heads, limit);
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
