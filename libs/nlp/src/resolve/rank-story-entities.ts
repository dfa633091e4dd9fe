import type { MentionType } from '../ner/recognize';
import { ResolvedMention } from './resolve-entities';

export interface StoryArticleEntities {
  articleId: string;
  title: string;
  /** Mentions from extractEntities: offsets into `title + '\n\n' + text`, so start < title.length is the title. */
  resolved: ResolvedMention[];
  /** End of the lead (same offsets); default: the title, the blank line and the first LEAD_CHARS of the body. */
  leadEnd?: number;
}

export interface RankedEntity {
  entityKey: string;
  canonical: string;
  type: MentionType;
  mentions: number;
  articles: number;
  articleIds: string[];
  inTitle: boolean;
  salience: number;
}

/** Default lead length in characters after the title: about the first two sentences of a news article. */
export const LEAD_CHARS = 300;

/** Where in its article a mention is: what salience counts besides the mention itself. */
export enum MentionZone {
  Title = 0,
  Lead = 1,
  Body = 2,
}

/**
 * The zone of a mention starting at `start` (offsets into `title + '\n\n' + text`, as extractEntities gives them)
 * in an article with this title; `leadEnd` as in {@link StoryArticleEntities}. Stored with each mention, so a
 * story's aggregates can be kept and taken back per article without the title the mention was tagged under.
 */
export function mentionZone(start: number, title: string, leadEnd?: number): MentionZone {
  const titleEnd = title.length;
  if (start < titleEnd) return MentionZone.Title;
  return start < (leadEnd ?? (titleEnd > 0 ? titleEnd + 2 : 0) + LEAD_CHARS) ? MentionZone.Lead : MentionZone.Body;
}

/**
 * Salience weights: how many times an entity is mentioned (log-damped, so a long article does not drown the
 * others), in what share of the story's articles it is in the title, in the lead, and at all. Coverage and
 * titles dominate: an entity every outlet puts in its headline is what the story is about. Exported for the
 * store, which ranks a story's kept aggregates with the same formula in SQL.
 */
export const SALIENCE_WEIGHTS = { mentions: 1, title: 2, lead: 1, coverage: 2 } as const;

interface Aggregate {
  entityKey: string;
  type: MentionType;
  mentions: number;
  canonicalVotes: Map<string, number>;
  articles: Set<string>;
  titles: Set<string>;
  leads: Set<string>;
}

/**
 * Entities of a story ranked by salience. Keys are first merged across articles where one article only
 * names a person by surname: a one-word PERSON key joins the single multi-word PERSON key ending in it.
 */
export function rankStoryEntities(perArticle: StoryArticleEntities[]): RankedEntity[] {
  const merge = surnameMerges(perArticle.flatMap((a) => a.resolved));
  const byKey = new Map<string, Aggregate>();
  for (const article of perArticle) {
    for (const m of article.resolved) {
      const zone = mentionZone(m.start, article.title, article.leadEnd);
      const key = merge.get(m.entityKey) ?? m.entityKey;
      let agg = byKey.get(key);
      if (!agg) {
        agg = {
          entityKey: key,
          type: m.type,
          mentions: 0,
          canonicalVotes: new Map(),
          articles: new Set(),
          titles: new Set(),
          leads: new Set(),
        };
        byKey.set(key, agg);
      }
      agg.mentions++;
      // A surname-only article's canonical ("Kuleba") does not vote against the full name.
      if (key === m.entityKey) agg.canonicalVotes.set(m.canonical, (agg.canonicalVotes.get(m.canonical) ?? 0) + 1);
      agg.articles.add(article.articleId);
      if (zone === MentionZone.Title) agg.titles.add(article.articleId);
      if (zone <= MentionZone.Lead) agg.leads.add(article.articleId);
    }
  }
  const n = Math.max(1, perArticle.length);
  const ranked = [...byKey.values()].map((a) => ({
    entityKey: a.entityKey,
    canonical: [...a.canonicalVotes].sort((x, y) => y[1] - x[1] || y[0].length - x[0].length)[0]?.[0] ?? a.entityKey,
    type: a.type,
    mentions: a.mentions,
    articles: a.articles.size,
    articleIds: [...a.articles].sort(),
    inTitle: a.titles.size > 0,
    salience: round(
      SALIENCE_WEIGHTS.mentions * Math.log1p(a.mentions) +
        (SALIENCE_WEIGHTS.title * a.titles.size +
          SALIENCE_WEIGHTS.lead * a.leads.size +
          SALIENCE_WEIGHTS.coverage * a.articles.size) /
          n,
    ),
  }));
  return ranked.sort(
    (x, y) => y.salience - x.salience || y.mentions - x.mentions || (x.entityKey < y.entityKey ? -1 : 1),
  );
}

function surnameMerges(mentions: ResolvedMention[]): Map<string, string> {
  const fullBySurname = new Map<string, Set<string>>();
  for (const m of mentions) {
    if (m.type !== 'PERSON') continue;
    const name = m.entityKey.slice('PERSON:'.length);
    if (!name.includes(' ')) continue;
    const surname = name.slice(name.lastIndexOf(' ') + 1);
    let set = fullBySurname.get(surname);
    if (!set) fullBySurname.set(surname, (set = new Set()));
    set.add(m.entityKey);
  }
  const merge = new Map<string, string>();
  for (const m of mentions) {
    if (m.type !== 'PERSON') continue;
    const name = m.entityKey.slice('PERSON:'.length);
    const full = fullBySurname.get(name);
    if (!name.includes(' ') && full?.size === 1) merge.set(m.entityKey, [...full][0]);
  }
  return merge;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
