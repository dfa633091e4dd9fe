import { Client } from 'pg';

/** An article as the checks name it. */
export interface ArticleRef {
  id: string;
  status: string;
  revision: number;
  storyId: string | null;
  failedStage: string | null;
  error: string | null;
}

/** A story as the delivery check compares it with what the receiver got. */
export interface StoryState {
  id: string;
  version: number;
  mergedIntoId: string | null;
  articleCount: number;
  /** Its done articles in the order snapshots list them, the first SNAPSHOT_ARTICLES of them. */
  firstArticleIds: string[];
  doneArticles: number;
}

/** What one run left in its database, read once it had settled. Counts of problems are 0 in a sound run. */
export interface RunFacts {
  articles: { total: number; byStatus: Record<string, number> };
  /** Not done or failed. */
  unfinished: ArticleRef[];
  failed: ArticleRef[];
  /** Failed articles without exactly one article.failed event, and done ones with any. */
  failedEventMismatches: { id: string; status: string; events: number }[];
  /** Done articles whose story is missing or merged into another. */
  doneWithoutLiveStory: ArticleRef[];
  /** story_member / story_headline rows naming another story than their article's. */
  membersElsewhere: {
    articleId: string;
    row: 'story_member' | 'story_headline';
    rowStory: string;
    articleStory: string | null;
  }[];
  stories: {
    live: number;
    merged: number;
    /** Live stories announced (version > 0) with no done article. */
    empty: string[];
    /** Live stories whose article_count differs from their articles. */
    countMismatches: { storyId: string; articleCount: number; articles: number }[];
    /** Stories with more than one story.created event. */
    createdTwice: string[];
    /** (story, version) pairs carried by more than one event. */
    versionsTwice: { storyId: string; version: number; events: number }[];
    /** Stories whose version has no event of that version (the newest event is older or newer). */
    versionWithoutEvent: { storyId: string; version: number; newestEvent: number | null }[];
  };
  links: {
    total: number;
    /** A copy linked to itself, to a copy, or both ways with another. */
    malformed: number;
    /** article.canonical_id and syndication_link disagree. */
    canonicalMismatches: number;
    /** Done copies in another story than their done canonical (story_member: a copy always shares its story). */
    splitFromCanonical: number;
    splitExamples: { copyId: string; copyStory: string; canonicalId: string; canonicalStory: string }[];
    /** [copy, canonical] by the articles' external keys, to compare runs. */
    pairs: [string, string][];
  };
  mentions: {
    total: number;
    /** Mention rows of one article at one place for one entity, more than once. */
    duplicates: number;
    /** Entities whose mention_count differs from their mention rows. */
    entityCountMismatches: number;
    /** Entities whose alias counts do not add up to their mention_count. */
    aliasCountMismatches: number;
    /** (story, entity) aggregates differing from the mentions of the articles counted in the story (a row at 0 is none). */
    storyEntityMismatches: number;
    /** Stories whose entity_articles differs from their counted articles with mentions. */
    entityArticleMismatches: number;
    /** Done articles whose mentions are not counted in their own story. */
    unfiled: number;
  };
  deliveries: { byStatus: Record<string, number>; deliveredEventIds: string[] };
  storyStates: StoryState[];
  /** Each done article's live story, by the article's external key (`source/externalId`). */
  grouping: Map<string, string>;
}

/** How many articles a story snapshot lists (story-snapshot.ts). */
export const SNAPSHOT_ARTICLES = 200;

const EVIDENCE = 50;

const ARTICLE_REF = `id, status, revision, story_id AS "storyId", failed_stage AS "failedStage", error`;

/** Reads the facts; every query is over the whole (settled) database, run once at the end. */
export async function readRunFacts(db: Client): Promise<RunFacts> {
  const rows = async <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    (await db.query(sql, params)).rows as T[];
  const count = async (sql: string): Promise<number> => (await rows<{ n: number }>(sql))[0].n;

  const byStatus = Object.fromEntries(
    (await rows<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM article GROUP BY status`)).map(
      (r) => [r.status, r.n],
    ),
  );
  const storyRows = await rows<{
    id: string;
    version: number;
    mergedIntoId: string | null;
    articleCount: number;
    doneArticles: number;
    firstArticleIds: string[] | null;
  }>(
    `SELECT s.id, s.version, s.merged_into_id AS "mergedIntoId", s.article_count AS "articleCount",
            (SELECT count(*)::int FROM article a WHERE a.story_id = s.id AND a.status = 'done') AS "doneArticles",
            (SELECT array_agg(f.id ORDER BY f.at, f.id) FROM (
               SELECT id, coalesce(published_at, received_at) AS at FROM article
                WHERE story_id = s.id AND status = 'done'
                ORDER BY coalesce(published_at, received_at), id LIMIT ${SNAPSHOT_ARTICLES}) f) AS "firstArticleIds"
       FROM story s`,
  );
  const mergedInto = new Map(storyRows.map((s) => [s.id, s.mergedIntoId]));
  const liveStoryOf = (id: string): string => {
    const seen = new Set<string>();
    let current = id;
    while (mergedInto.get(current) && !seen.has(current)) {
      seen.add(current);
      current = mergedInto.get(current)!;
    }
    return current;
  };
  const grouping = new Map<string, string>();
  for (const r of await rows<{ key: string; storyId: string }>(
    `SELECT source || '/' || external_id AS key, story_id AS "storyId" FROM article
      WHERE status = 'done' AND story_id IS NOT NULL`,
  )) {
    grouping.set(r.key, liveStoryOf(r.storyId));
  }

  return {
    articles: { total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus },
    unfinished: await rows<ArticleRef>(
      `SELECT ${ARTICLE_REF} FROM article WHERE status NOT IN ('done', 'failed') ORDER BY seq`,
    ),
    failed: await rows<ArticleRef>(`SELECT ${ARTICLE_REF} FROM article WHERE status = 'failed' ORDER BY seq`),
    failedEventMismatches: await rows(
      `SELECT a.id, a.status, coalesce(e.n, 0) AS events
         FROM article a LEFT JOIN (
           SELECT (payload -> 'data' ->> 'articleId')::uuid AS id, count(*)::int AS n FROM story_event
            WHERE type = 'article.failed' GROUP BY 1) e ON e.id = a.id
        WHERE (a.status = 'failed' AND coalesce(e.n, 0) <> 1) OR (a.status = 'done' AND e.n > 0)
        LIMIT ${EVIDENCE}`,
    ),
    doneWithoutLiveStory: await rows<ArticleRef>(
      `SELECT ${ARTICLE_REF} FROM article a
        WHERE a.status = 'done'
          AND NOT EXISTS (SELECT 1 FROM story s WHERE s.id = a.story_id AND s.merged_into_id IS NULL)
        LIMIT ${EVIDENCE}`,
    ),
    membersElsewhere: await rows(
      `SELECT m.article_id AS "articleId", 'story_member' AS row, m.story_id AS "rowStory", a.story_id AS "articleStory"
         FROM story_member m JOIN article a ON a.id = m.article_id WHERE a.story_id IS DISTINCT FROM m.story_id
       UNION ALL
       SELECT h.article_id, 'story_headline', h.story_id, a.story_id
         FROM story_headline h JOIN article a ON a.id = h.article_id WHERE a.story_id IS DISTINCT FROM h.story_id
       LIMIT ${EVIDENCE}`,
    ),
    stories: {
      live: storyRows.filter((s) => !s.mergedIntoId).length,
      merged: storyRows.filter((s) => s.mergedIntoId).length,
      empty: storyRows
        .filter((s) => !s.mergedIntoId && s.version > 0 && s.doneArticles === 0)
        .map((s) => s.id)
        .slice(0, EVIDENCE),
      countMismatches: await rows(
        `SELECT s.id AS "storyId", s.article_count AS "articleCount", c.n AS articles
           FROM story s CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM article a WHERE a.story_id = s.id) c
          WHERE s.merged_into_id IS NULL AND s.article_count <> c.n LIMIT ${EVIDENCE}`,
      ),
      createdTwice: (
        await rows<{ id: string }>(
          `SELECT story_id AS id FROM story_event WHERE type = 'story.created'
            GROUP BY story_id HAVING count(*) > 1 LIMIT ${EVIDENCE}`,
        )
      ).map((r) => r.id),
      versionsTwice: await rows(
        `SELECT story_id AS "storyId", story_version AS version, count(*)::int AS events FROM story_event
          WHERE story_id IS NOT NULL GROUP BY story_id, story_version HAVING count(*) > 1 LIMIT ${EVIDENCE}`,
      ),
      versionWithoutEvent: await rows(
        `SELECT s.id AS "storyId", s.version, e.newest AS "newestEvent" FROM story s
           LEFT JOIN (SELECT story_id, max(story_version) AS newest FROM story_event GROUP BY story_id) e
             ON e.story_id = s.id
          WHERE s.version > 0 AND e.newest IS DISTINCT FROM s.version LIMIT ${EVIDENCE}`,
      ),
    },
    links: {
      total: await count(`SELECT count(*)::int AS n FROM syndication_link`),
      malformed: await count(
        `SELECT count(*)::int AS n FROM syndication_link l
          WHERE l.copy_id = l.canonical_id
             OR EXISTS (SELECT 1 FROM syndication_link c WHERE c.copy_id = l.canonical_id)`,
      ),
      canonicalMismatches: await count(
        `SELECT count(*)::int AS n FROM article a FULL JOIN syndication_link l ON l.copy_id = a.id
          WHERE a.canonical_id IS DISTINCT FROM l.canonical_id`,
      ),
      splitFromCanonical: await count(
        `SELECT count(*)::int AS n FROM article copy JOIN article canonical ON canonical.id = copy.canonical_id
          WHERE copy.status = 'done' AND canonical.status = 'done' AND copy.story_id IS DISTINCT FROM canonical.story_id`,
      ),
      splitExamples: await rows(
        `SELECT copy.id AS "copyId", copy.story_id AS "copyStory", canonical.id AS "canonicalId",
                canonical.story_id AS "canonicalStory"
           FROM article copy JOIN article canonical ON canonical.id = copy.canonical_id
          WHERE copy.status = 'done' AND canonical.status = 'done' AND copy.story_id IS DISTINCT FROM canonical.story_id
          ORDER BY copy.seq LIMIT 10`,
      ),
      pairs: (
        await rows<{ copy: string; canonical: string }>(
          `SELECT c.source || '/' || c.external_id AS copy, o.source || '/' || o.external_id AS canonical
             FROM syndication_link l JOIN article c ON c.id = l.copy_id JOIN article o ON o.id = l.canonical_id`,
        )
      ).map((r) => [r.copy, r.canonical]),
    },
    mentions: {
      total: await count(`SELECT count(*)::int AS n FROM entity_mention`),
      duplicates: await count(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM entity_mention
          GROUP BY article_id, entity_id, start, "end" HAVING count(*) > 1) d`,
      ),
      entityCountMismatches: await count(
        `SELECT count(*)::int AS n FROM entity e
           LEFT JOIN (SELECT entity_id, count(*) AS n FROM entity_mention GROUP BY entity_id) m ON m.entity_id = e.id
          WHERE e.mention_count <> coalesce(m.n, 0)`,
      ),
      aliasCountMismatches: await count(
        `SELECT count(*)::int AS n FROM entity e
           LEFT JOIN (SELECT entity_id, sum(count) AS n FROM entity_alias GROUP BY entity_id) a ON a.entity_id = e.id
          WHERE e.mention_count <> coalesce(a.n, 0)`,
      ),
      storyEntityMismatches: await count(
        `WITH counted AS (
           SELECT a.entities_story_id AS story_id, m.entity_id, count(*) AS mentions,
                  count(DISTINCT a.id) AS articles
             FROM entity_mention m JOIN article a ON a.id = m.article_id
            WHERE a.entities_story_id IS NOT NULL GROUP BY 1, 2)
         SELECT count(*)::int AS n FROM story_entity se FULL JOIN counted c
             ON c.story_id = se.story_id AND c.entity_id = se.entity_id
          WHERE coalesce(se.mentions, 0) <> coalesce(c.mentions, 0) OR coalesce(se.articles, 0) <> coalesce(c.articles, 0)`,
      ),
      entityArticleMismatches: await count(
        `SELECT count(*)::int AS n FROM story s
          WHERE s.entity_articles <> (SELECT count(*) FROM article a WHERE a.entities_story_id = s.id
                                        AND EXISTS (SELECT 1 FROM entity_mention m WHERE m.article_id = a.id))`,
      ),
      unfiled: await count(
        `SELECT count(*)::int AS n FROM article WHERE status = 'done' AND entities_story_id IS DISTINCT FROM story_id`,
      ),
    },
    deliveries: {
      byStatus: Object.fromEntries(
        (
          await rows<{ status: string; n: number }>(
            `SELECT status, count(*)::int AS n FROM webhook_delivery GROUP BY status`,
          )
        ).map((r) => [r.status, r.n]),
      ),
      deliveredEventIds: (
        await rows<{ id: string }>(`SELECT event_id AS id FROM webhook_delivery WHERE status = 'delivered'`)
      ).map((r) => r.id),
    },
    storyStates: storyRows.map((s) => ({
      id: s.id,
      version: s.version,
      mergedIntoId: s.mergedIntoId,
      articleCount: s.articleCount,
      firstArticleIds: s.firstArticleIds ?? [],
      doneArticles: s.doneArticles,
    })),
    grouping,
  };
}
