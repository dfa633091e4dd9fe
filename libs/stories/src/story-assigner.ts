import { randomUUID } from 'node:crypto';
import { ArticleText, extractFeatures } from './article-features';
import { articleSimilarity } from './article-similarity';
import { LocalScalingOptions } from './local-scaling';
import {
  clusterNeighbourhood,
  HeadlineAgreement,
  headlineBonus,
  NeighbourhoodClustering,
} from './neighbourhood-clustering';
import { ScoreComponents, ScoreWeights, scoreStory, scoreStoryPairs, TimeDecay, weightedTotal } from './story-scoring';
import {
  articleKeys,
  foldArticle,
  foldCopy,
  mergeProfiles,
  newProfile,
  StoryProfile,
  storyKeys,
  unfoldArticle,
} from './story-profile';
import { memberOf, memberVector, StoryMember } from './story-member';
import { CandidateLookup, StoryStore } from './story-store';
import { TermStatistics } from './term-statistics';
import { lookupKeys, observedKeys, weighArticle, WeightedArticle } from './weighted-article';

export interface StoryArticle extends ArticleText {
  id: string;
  /** Publication time when known, receive time otherwise. */
  time: Date;
}

export interface StoryCandidate {
  storyId: string;
  title: string | null;
  articleCount: number;
  scores: ScoreComponents;
}

export interface StoryMerge {
  /** The story that disappears: its articles now belong to `intoStoryId`. */
  storyId: string;
  intoStoryId: string;
}

/** An earlier article that a re-clustering moved to another story (with its syndicated copies). */
export interface ArticleMove {
  articleId: string;
  fromStoryId: string;
  toStoryId: string;
}

/** What a re-clustering around a full-text article looked at, for the explanation. */
export interface NeighbourhoodSummary {
  /** Articles clustered: the recent members of the candidate stories, and the article itself. */
  articles: number;
  threshold: number;
  /**
   * Each story whose members were clustered, with the article's mean relative similarity and mean headline
   * agreement (cosine) to them, and the link the two make (compared with `threshold`), closest first.
   */
  stories: Array<{
    storyId: string;
    members: number;
    relativeSimilarity: number;
    headlineAgreement: number;
    link: number;
  }>;
}

/** How an arriving article relates to earlier ones by syndication, as the detector found. */
export interface SyndicatedArrival {
  /** The canonical article it is a copy of; null when it is the new canonical of `repointedIds`. */
  canonicalId: string | null;
  /** Articles that became its copies because it is more complete than their canonical. */
  repointedIds: string[];
  /** The story its syndication group is in. */
  storyId: string;
}

/** The outcome of assigning one article, with what it was based on (stored as the article's explanation). */
export interface StoryDecision {
  articleId: string;
  storyId: string;
  /** `copy`: a syndicated copy, in its canonical article's story. */
  action: 'joined' | 'founded' | 'copy';
  reason: string;
  /** Stories considered, best first, with their component scores. */
  candidates: StoryCandidate[];
  /**
   * Stories found to be one once this article joined, in order; for each the caller re-points the articles of
   * `storyId` to `intoStoryId` and emits `story.merged`. `storyId` of the decision is the final story.
   */
  merges: StoryMerge[];
  /** Earlier articles the decision moved between stories (applied before the merges). */
  moves: ArticleMove[];
  /** For a full-text article: the neighbourhood it was re-clustered with. */
  neighbourhood?: NeighbourhoodSummary;
}

/**
 * How a full-text article is grouped: with the recent members of its best candidate stories, re-clustered on
 * locally scaled similarity (see `clusterNeighbourhood`), which may also move those members between stories.
 */
export interface NeighbourhoodPoolOptions extends LocalScalingOptions {
  /** Candidate stories whose members are re-clustered with the article (the best-scored ones). */
  stories: number;
  /** Most recent members taken from each of them: bounds the work per article whatever a story's size. */
  membersPerStory: number;
  /** A candidate scoring below this shares too little with the article to be worth re-clustering. */
  minScore: number;
  /** Mean relative similarity at which groups are one story. */
  threshold: number;
  /** How far agreeing headlines lower that bar. */
  headlineAgreement: HeadlineAgreement;
}

export interface StoryAssignerOptions {
  weights: ScoreWeights;
  /** Minimum total score to join a story rather than found a new one. */
  joinThreshold: number;
  /**
   * Story-to-story similarity (mean over the pairs of their articles) at which a headline's story and another
   * of its candidates are merged. Full-text articles merge stories by re-clustering (see `neighbourhood`).
   */
  mergeThreshold: number;
  /**
   * Content terms from which an article counts as full text. A shorter article (a headline alone) has both
   * thresholds scaled by √(terms / fullTextTerms): a k-term vector cannot reach the cosine a full article
   * reaches against the same centroid, roughly in that proportion.
   */
  fullTextTerms: number;
  /** Bound on merges triggered by one article. */
  maxMergesPerArticle: number;
  /** A story with no article for this long is not a candidate any more. */
  quietAfterMs: number;
  /** How the score fades with time between the article and the story's time span. */
  decay: TimeDecay;
  /** Candidate stories scored per article. */
  maxCandidates: number;
  /** Id for a new story; by default the founding article's id, which makes a retried assignment idempotent. */
  newStoryId: (article: StoryArticle) => string;
  /** Id for a story split off from others by a re-clustering (its articles already have stories). */
  splitStoryId: () => string;
  neighbourhood: NeighbourhoodPoolOptions;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const DEFAULT_STORY_OPTIONS: StoryAssignerOptions = {
  // Fitted to ECB+ dev while the seeds and UCI headlines must still group right (how each value was arrived at:
  // docs/tuning-history.md). The title weighs little, as news headlines of two neighbouring events in one topic
  // read alike, and names weigh much. Scores are average links (mean similarity to the story's articles).
  // Merging two stories asks less of that mean than joining one does: it averages many pairs of headlines, a
  // steadier estimate than one headline's few words against a story, so it needs less margin against chance
  // overlaps.
  weights: { content: 0.55, entities: 0.35, title: 0.1 },
  joinThreshold: 0.24,
  mergeThreshold: 0.16,
  fullTextTerms: 30,
  maxMergesPerArticle: 3,
  // The services' default (STORY_WINDOW_HOURS = 72), so that the benchmarks measure what ships.
  quietAfterMs: 3 * DAY_MS,
  decay: { graceMs: DAY_MS, halfLifeMs: 3 * DAY_MS },
  maxCandidates: 40,
  newStoryId: (article) => article.id,
  splitStoryId: () => randomUUID(),
  // The number of neighbours in the local scale matters little: nearby values group ECB+ dev alike. The prior
  // (0.6) is what keeps a cold start apart (the five seeds); it never acts once an article has met 10 others.
  neighbourhood: {
    stories: 5,
    membersPerStory: 60,
    minScore: 0.02,
    neighbours: 10,
    priorSimilarity: 0.6,
    threshold: 0.667,
    // From the top of the headline agreement of distinct events of one kind to just above that of one event's
    // diverging reports (see HeadlineAgreement). Headline-only articles are not re-clustered: it never acts on them.
    headlineAgreement: { from: 0.25, to: 0.45, bonus: 0.1 },
  },
};

const fmt = (x: number): string => x.toFixed(3);

/**
 * Copies of one article clustered as members: enough to make a wire story's neighbourhood as tight as its
 * coverage, while a story printed hundreds of times does not fill the recent articles with one text.
 */
export const MEMBER_COPIES = 3;

function joinedReason(s: ScoreComponents, threshold: number): string {
  return `joined: score ${fmt(s.total)} (content ${fmt(s.content)}, entities ${fmt(s.entities)}, title ${fmt(s.title)}, core coverage ${fmt(s.coreCoverage)}, decay ${fmt(s.decay)}) >= ${fmt(threshold)}`;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0][0];
}

/** Items by key, in their order. Exported for the dedupe stage, which applies a decision's moves and merges. */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** The article's mean relative similarity and headline agreement to the clustered members of each story. */
function summarize(
  members: StoryMember[],
  self: number,
  clustering: Pick<NeighbourhoodClustering, 'relative' | 'headline'>,
  pool: NeighbourhoodPoolOptions,
): NeighbourhoodSummary {
  const others = members.map((m, i) => ({ storyId: m.storyId, i })).filter(({ i }) => i !== self);
  const round = (x: number): number => Number(x.toFixed(4));
  const stories = [...groupBy(others, (o) => o.storyId)]
    .map(([storyId, group]) => {
      const mean = (measure: (i: number, j: number) => number): number =>
        group.reduce((sum, { i }) => sum + measure(self, i), 0) / group.length;
      const relativeSimilarity = mean(clustering.relative);
      const headlineAgreement = mean(clustering.headline);
      return {
        storyId,
        members: group.length,
        relativeSimilarity: round(relativeSimilarity),
        headlineAgreement: round(headlineAgreement),
        link: round(relativeSimilarity + headlineBonus(headlineAgreement, pool.headlineAgreement)),
      };
    })
    .sort((a, b) => b.link - a.link || (a.storyId < b.storyId ? -1 : 1));
  return { articles: members.length, threshold: pool.threshold, stories };
}

interface Candidate {
  profile: StoryProfile;
  scores: ScoreComponents;
}

function withCandidates(decision: Omit<StoryDecision, 'candidates'>, scored: Candidate[]): StoryDecision {
  return {
    ...decision,
    candidates: scored.map(({ profile, scores }) => ({
      storyId: profile.id,
      title: profile.title,
      articleCount: profile.articleCount,
      scores,
    })),
  };
}

/** Groups with each syndicated copy moved to its canonical article's group (empty groups dropped). */
function pinCopies(groups: number[][], members: StoryMember[]): number[][] {
  const index = new Map(members.map((m, i) => [m.articleId, i]));
  const groupOf = new Array<number>(members.length);
  groups.forEach((group, g) => group.forEach((i) => (groupOf[i] = g)));
  const pinned: number[][] = groups.map(() => []);
  members.forEach((m, i) => pinned[m.canonicalId === null ? groupOf[i] : groupOf[index.get(m.canonicalId)!]].push(i));
  return pinned.filter((group) => group.length > 0);
}

/** An article weighted and scored against its candidate stories, best first. */
interface Scoring {
  article: StoryArticle;
  weighted: WeightedArticle;
  scored: Candidate[];
  joinThreshold: number;
  lookup: CandidateLookup;
}

/**
 * Another decision founded a story for the same event while this one was being made (see
 * `StoryStore.confirmFounding`): made again, the decision finds that story.
 */
export class FoundingRace extends Error {
  constructor(articleId: string) {
    super(`a story sharing the keys of article ${articleId} was founded meanwhile; deciding again`);
  }
}

/**
 * Online, incremental story clustering: each arriving article is scored against the stories that share its
 * strongest terms or entities within the time window, joins the best one above the threshold or founds a new
 * story, and updates the term statistics. No step scans all stories.
 */
export class StoryAssigner {
  readonly options: StoryAssignerOptions;

  constructor(
    private readonly store: StoryStore,
    private readonly statistics: TermStatistics,
    options: Partial<StoryAssignerOptions> = {},
  ) {
    this.options = { ...DEFAULT_STORY_OPTIONS, ...options };
  }

  async assign(article: StoryArticle): Promise<StoryDecision> {
    const { scoring, features, scale } = await this.score(article);
    await this.statistics.observe(observedKeys(features, scoring.weighted));
    const decision =
      article.body.trim() === ''
        ? await this.assignHeadline(scoring, this.options.mergeThreshold * scale)
        : await this.assignFullText(scoring);
    // Not null: only a syndicated arrival can be left unclustered.
    return withCandidates(decision!, scoring.scored);
  }

  /**
   * A syndicated full-text article is clustered like any other — its copies make its event's neighbourhood
   * as tight as the event's coverage is — but it goes wherever its canonical article's group goes, so it is
   * always in the canonical's story. Its terms are not counted again in the statistics. Null when it cannot
   * be clustered: a headline, or a group with no member among the recent articles of its story (the caller
   * then attaches it to the story without clustering, see `attachCopy`).
   */
  async assignCopy(article: StoryArticle, syndicated: SyndicatedArrival): Promise<StoryDecision | null> {
    if (article.body.trim() === '') {
      await this.repoint(article, syndicated);
      return null;
    }
    const { scoring } = await this.score(article);
    const decision = await this.assignFullText(scoring, syndicated);
    return decision && withCandidates(decision, scoring.scored);
  }

  /** The article weighted, and scored against the live stories that share its strongest keys, best first. */
  private async score(article: StoryArticle) {
    const { options } = this;
    const features = extractFeatures(article);
    const [df, docCount] = await Promise.all([this.statistics.df(lookupKeys(features)), this.statistics.docCount()]);
    const weighted = weighArticle(features, df, docCount);
    const scale = Math.sqrt(Math.min(1, weighted.terms.size / options.fullTextTerms));

    const window = {
      from: new Date(article.time.getTime() - options.quietAfterMs),
      to: new Date(article.time.getTime() + options.quietAfterMs),
    };
    const keys = articleKeys(weighted);
    const profiles = await this.store.candidates(keys, window, options.maxCandidates);
    const scored = profiles
      .map((profile) => ({
        profile,
        scores: scoreStory(weighted, article.time, profile, options.weights, options.decay, scale * scale),
      }))
      .sort((a, b) => b.scores.total - a.scores.total || (a.profile.id < b.profile.id ? -1 : 1));
    const lookup = { keys, window, limit: options.maxCandidates, seen: profiles.map((p) => p.id) };
    const scoring: Scoring = { article, weighted, scored, joinThreshold: options.joinThreshold * scale, lookup };
    return { scoring, features, scale };
  }

  /**
   * A headline alone is too short for local scaling (its few terms make every similarity small and noisy):
   * it joins the best-scoring story above the threshold or founds one, and may show two stories are one.
   */
  private async assignHeadline(
    { article, weighted, scored, joinThreshold, lookup }: Scoring,
    mergeThreshold: number,
  ): Promise<Omit<StoryDecision, 'candidates'>> {
    const [best] = scored;
    let story: StoryProfile;
    let action: StoryDecision['action'];
    let reason: string;
    // Held, as it is now: a story merged meanwhile resolves to the story it went into.
    const joining = best && best.scores.total >= joinThreshold ? await this.store.get(best.profile.id) : null;
    if (best && joining) {
      story = foldArticle(joining, weighted, article.time);
      action = 'joined';
      reason = joinedReason(best.scores, joinThreshold);
    } else {
      story = newProfile(this.options.newStoryId(article), article.title, weighted, article.time);
      action = 'founded';
      reason = best
        ? `founded: best candidate "${best.profile.title ?? best.profile.id}" scored ${fmt(best.scores.total)} < join threshold ${fmt(joinThreshold)}`
        : 'founded: no live story shares a key term or entity';
    }
    if (action === 'founded') await this.confirmFounding(article, lookup, [story]);
    const merges: StoryMerge[] = [];
    if (action === 'joined') {
      const others = scored.slice(1).flatMap(({ profile }) => (profile.id === story.id ? [] : [profile]));
      story = await this.mergeSimilar(story, others, mergeThreshold, merges, (text) => (reason += text));
    }
    await this.store.save(story, storyKeys(story));
    await this.store.saveHeadlines([memberOf(article, story.id, weighted)]);
    return { articleId: article.id, storyId: story.id, action, reason, merges, moves: [] };
  }

  /**
   * A full-text article is clustered together with the recent members of its best candidate stories. The
   * groups found are mapped back to stories by largest overlap: a group holding most of a story's members
   * keeps its id, a group without one is a new story (a split when the article is not in it), a story that
   * keeps no group is merged into the one most of its members went to, and members whose group maps to
   * another story move there. Any early call can so be undone once later articles show it was wrong, which
   * a one-pass score cannot do.
   */
  private async assignFullText(
    { article, weighted, scored, joinThreshold, lookup }: Scoring,
    syndicated?: SyndicatedArrival,
  ): Promise<Omit<StoryDecision, 'candidates'> | null> {
    const { options } = this;
    const pool = options.neighbourhood;
    // Ranked on similarity alone: core coverage is a one-pass guard against sub-story mixing, which the
    // re-clustering itself handles, and would keep a story an article completes out of its neighbourhood.
    const similarity = (c: Candidate): number =>
      weightedTotal(c.scores, options.weights, weighted.entities.size > 0, weighted.titleTerms.size > 0) *
      c.scores.decay;
    let poolStories = scored
      .filter((c) => similarity(c) >= pool.minScore)
      .sort((a, b) => similarity(b) - similarity(a) || (a.profile.id < b.profile.id ? -1 : 1))
      .slice(0, pool.stories);
    if (syndicated) {
      // A copy's place is its group's story: that story is always in its neighbourhood.
      const group = scored.find((c) => c.profile.id === syndicated.storyId);
      if (!group) {
        await this.repoint(article, syndicated);
        return null;
      }
      poolStories = [group, ...poolStories.filter((c) => c !== group)].slice(0, pool.stories);
    }
    // The stories this decision may change, held and as they are now (scoring read them unheld).
    const held = await this.store.hold(poolStories.map((c) => c.profile.id));
    poolStories = poolStories.flatMap((c) => {
      const profile = held.get(c.profile.id);
      return profile ? [{ ...c, profile }] : [];
    });
    if (syndicated) {
      // After its stories are held: their members are theirs to write.
      await this.repoint(article, syndicated);
      if (poolStories[0]?.profile.id !== syndicated.storyId) return null;
    }
    let stored = await this.store.recentMembers(
      poolStories.map((c) => c.profile.id),
      pool.membersPerStory,
    );
    let canonicalId: string | null = null;
    if (syndicated) {
      // The group's members already point at this article when it is the new canonical (see `assignCopy`).
      const anchor = syndicated.canonicalId ?? stored.find((m) => m.canonicalId === article.id)?.articleId;
      if (!anchor || !stored.some((m) => m.articleId === anchor)) return null;
      if (stored.filter((m) => m.canonicalId === anchor).length >= MEMBER_COPIES) return null;
      canonicalId = syndicated.canonicalId;
    }
    // A copy whose canonical is not among these articles cannot move without it: it sits this one out.
    const present = new Set([...stored.map((m) => m.articleId), article.id]);
    stored = stored.filter((m) => m.canonicalId === null || present.has(m.canonicalId));
    const members = [...stored, memberOf(article, '', weighted, canonicalId)];
    const self = members.length - 1;
    const vectors = members.map((m, i) => (i === self ? weighted : memberVector(m)));
    const clustering = clusterNeighbourhood(
      members.map((m, i) => ({
        articleId: m.articleId,
        time: Date.parse(m.time),
        vector: vectors[i],
        neighbours: m.neighbours,
      })),
      { ...pool, weights: options.weights, decay: options.decay },
    );
    const groups = pinCopies(clustering.groups, members);
    const groupOf = new Array<number>(members.length);
    groups.forEach((group, g) => group.forEach((i) => (groupOf[i] = g)));

    // Groups → stories, largest overlaps first; on a tie a story keeps its id where the bulk goes, then the
    // better-scored story wins. Overlaps and sizes count reports, not copies: a wire story printed six times
    // is one report, and does not outweigh the story's own.
    const report = (i: number): string => members[i].canonicalId ?? members[i].articleId;
    const reports = groups.map((group) => new Set(group.map(report)).size);
    const rank = new Map(poolStories.map((c, i) => [c.profile.id, i]));
    const overlaps: Array<{ group: number; storyId: string; count: number }> = [];
    groups.forEach((group, g) => {
      const counts = new Map<string, Set<string>>();
      for (const i of group.filter((i) => i !== self)) {
        const seen = counts.get(members[i].storyId);
        if (seen) seen.add(report(i));
        else counts.set(members[i].storyId, new Set([report(i)]));
      }
      for (const [storyId, seen] of counts) overlaps.push({ group: g, storyId, count: seen.size });
    });
    overlaps.sort(
      (a, b) =>
        b.count - a.count ||
        reports[b.group] - reports[a.group] ||
        rank.get(a.storyId)! - rank.get(b.storyId)! ||
        a.group - b.group,
    );
    const storyOfGroup = new Array<string | undefined>(groups.length);
    const kept = new Set<string>();
    for (const { group, storyId } of overlaps) {
      if (storyOfGroup[group] !== undefined || kept.has(storyId)) continue;
      storyOfGroup[group] = storyId;
      kept.add(storyId);
    }
    const selfGroup = groupOf[self];
    let fallback: Candidate | undefined;
    if (storyOfGroup[selfGroup] === undefined && groups[selfGroup].length === 1) {
      // Stories of headlines alone have no members to cluster with: the article may still join one on score.
      const clustered = new Set(stored.map((m) => m.storyId));
      fallback = poolStories.find((c) => !clustered.has(c.profile.id) && c.scores.total >= joinThreshold);
      if (fallback) storyOfGroup[selfGroup] = fallback.profile.id;
    }
    groups.forEach((_, g) => {
      storyOfGroup[g] ??= g === selfGroup ? options.newStoryId(article) : options.splitStoryId();
    });

    const profiles = new Map(poolStories.map((c) => [c.profile.id, c.profile]));
    const fold = (storyId: string, member: StoryMember, vector: WeightedArticle): void => {
      const time = new Date(member.time);
      const profile = profiles.get(storyId);
      profiles.set(
        storyId,
        profile ? foldArticle(profile, vector, time) : newProfile(storyId, member.title, vector, time),
      );
    };
    const changed = new Set<string>();
    const moves: ArticleMove[] = [];
    const newStoryOf = new Map<string, string>();
    const saved = members.map((member, i): StoryMember => {
      const storyId = storyOfGroup[groupOf[i]]!;
      newStoryOf.set(member.articleId, storyId);
      if (i !== self && member.storyId !== storyId) {
        moves.push({ articleId: member.articleId, fromStoryId: member.storyId, toStoryId: storyId });
        profiles.set(member.storyId, unfoldArticle(profiles.get(member.storyId)!, vectors[i]));
        changed.add(member.storyId);
      }
      if (i === self || member.storyId !== storyId) {
        fold(storyId, member, vectors[i]);
        changed.add(storyId);
      }
      return { ...member, storyId, neighbours: clustering.neighbours[i] };
    });

    const founded = [...changed].filter((id) => !held.has(id));
    if (founded.length) {
      await this.confirmFounding(
        article,
        lookup,
        founded.map((id) => profiles.get(id)!),
      );
    }
    const split = [...new Set(moves.map((m) => m.fromStoryId))].filter((storyId) => kept.has(storyId));
    moves.push(...(await this.followSplits(split, members, vectors, newStoryOf, profiles)));

    // A story none of whose members' groups kept it: what is left of it (older members, copies, headlines) goes
    // where most of its clustered members went.
    const merges: StoryMerge[] = [];
    for (const { profile } of poolStories) {
      const own = stored.filter((m) => m.storyId === profile.id);
      if (own.length === 0 || kept.has(profile.id)) continue;
      const into = mostCommon(own.map((m) => newStoryOf.get(m.articleId)!));
      profiles.set(into, mergeProfiles(profiles.get(into)!, profiles.get(profile.id)!));
      profiles.delete(profile.id);
      changed.delete(profile.id);
      await this.store.markMerged(profile.id, into);
      merges.push({ storyId: profile.id, intoStoryId: into });
    }
    for (const storyId of changed) {
      const profile = profiles.get(storyId)!;
      await this.store.save(profile, storyKeys(profile));
    }
    // Only what changed is written back: the article itself and members whose story did, whole; members whose
    // neighbours alone did, those.
    await this.store.saveMembers(saved.filter((m, i) => i === self || m.storyId !== members[i].storyId));
    await this.store.saveNeighbours(
      saved.filter(
        (m, i) =>
          i !== self &&
          m.storyId === members[i].storyId &&
          JSON.stringify(m.neighbours) !== JSON.stringify(members[i].neighbours),
      ),
    );

    const storyId = storyOfGroup[selfGroup]!;
    const neighbourhood = summarize(members, self, clustering, pool);
    let reason: string;
    const action: StoryDecision['action'] = syndicated ? 'copy' : fallback || kept.has(storyId) ? 'joined' : 'founded';
    const context = `re-clustered with ${count(members.length - 1, 'recent article')} of ${count(neighbourhood.stories.length, 'candidate story', 'candidate stories')}`;
    const joinedWith = groups[selfGroup].length - 1;
    if (syndicated) {
      const version = syndicated.canonicalId
        ? `a syndicated copy of ${syndicated.canonicalId}`
        : `the most complete version of ${count(syndicated.repointedIds.length, 'syndicated article')}`;
      reason = `copy: ${version}, it stays with its group; ${context}, the group holds ${joinedWith} of them`;
    } else if (fallback) {
      reason = `${joinedReason(fallback.scores, joinThreshold)} (a story of headlines, nothing to re-cluster)`;
    } else {
      const closest = neighbourhood.stories[0];
      if (joinedWith > 0) {
        reason = `${action}: ${context}, it groups with ${joinedWith} of them at a link (mean relative similarity, plus agreeing headlines) >= ${fmt(pool.threshold)}`;
      } else if (closest) {
        reason = `founded: ${context}, the closest story is at a link of ${fmt(closest.link)} (mean relative similarity ${fmt(closest.relativeSimilarity)}, headline agreement ${fmt(closest.headlineAgreement)}) < ${fmt(pool.threshold)}`;
      } else if (poolStories.length) {
        reason = `founded: the candidate stories hold headlines only, joined on score; best ${fmt(Math.max(...poolStories.map((c) => c.scores.total)))} < join threshold ${fmt(joinThreshold)}`;
      } else if (scored.length) {
        reason = `founded: no candidate story is similar enough to re-cluster with (best ${fmt(Math.max(...scored.map(similarity)))} < ${fmt(pool.minScore)})`;
      } else {
        reason = 'founded: no live story shares a key term or entity';
      }
    }
    for (const [key, group] of groupBy(moves, (m) => `${m.fromStoryId} ${m.toStoryId}`)) {
      const [from, to] = key.split(' ');
      reason += `; moved ${count(group.length, 'article')} from story ${from} to ${to}`;
    }
    for (const merge of merges) {
      reason += `; merged story ${merge.storyId} into ${merge.intoStoryId}: its recent articles group with that story's`;
    }
    return { articleId: article.id, storyId, action, reason, merges, moves, neighbourhood };
  }

  /**
   * The members of a copy's group now point at it when it is the new canonical: done whether or not it is
   * clustered, since a member left pointing at the old canonical could be moved away from its group.
   */
  private async repoint(article: StoryArticle, syndicated: SyndicatedArrival): Promise<void> {
    if (syndicated.repointedIds.length) await this.store.repointMembers(syndicated.repointedIds, article.id);
  }

  /** Before the first write of a decision that founds stories: see `StoryStore.confirmFounding`. */
  private async confirmFounding(article: StoryArticle, lookup: CandidateLookup, founded: StoryProfile[]) {
    if (!(await this.store.confirmFounding(lookup, founded.flatMap(storyKeys)))) throw new FoundingRace(article.id);
  }

  /**
   * A story that kept its id but lost members to other stories was split; its headline-only articles, never
   * clustered themselves, follow the part of it they are closest to: the story whose share of its former
   * members they are, on average, most similar to (staying on a tie). Their profiles are moved in `profiles`;
   * returns their moves. Only each story's most recent headlines are looked at, as many as members are, and only
   * those that are no copies. The
   * headlines of all the split stories are read before any moves, so that one following a split into another
   * split story does not follow that story's split too: an article moves once per decision.
   */
  private async followSplits(
    storyIds: string[],
    members: StoryMember[],
    vectors: WeightedArticle[],
    newStoryOf: Map<string, string>,
    profiles: Map<string, StoryProfile>,
  ): Promise<ArticleMove[]> {
    const { options } = this;
    const partsOf = new Map(
      storyIds.map((storyId) => [
        storyId,
        groupBy(
          members.flatMap((m, i) => (m.storyId === storyId ? [i] : [])),
          (i) => newStoryOf.get(members[i].articleId)!,
        ),
      ]),
    );
    const split = storyIds.filter((storyId) => partsOf.get(storyId)!.size >= 2);
    if (!split.length) return [];
    const headlines = await this.store.recentHeadlines(split, options.neighbourhood.membersPerStory);
    const moves: ArticleMove[] = [];
    const followed: StoryMember[] = [];
    for (const headline of headlines) {
      // A copy goes where its canonical goes (the dedupe stage moves it after the decision).
      if (headline.canonicalId !== null) continue;
      const storyId = headline.storyId;
      const parts = partsOf.get(storyId)!;
      const vector = memberVector(headline);
      const time = Date.parse(headline.time);
      const similarity = (i: number): number =>
        articleSimilarity(
          vector,
          vectors[i],
          Math.abs(time - Date.parse(members[i].time)),
          options.weights,
          options.decay,
        );
      const closeness = (part: number[]): number => part.reduce((sum, i) => sum + similarity(i), 0) / part.length;
      let best = storyId;
      let bestCloseness = parts.has(storyId) ? closeness(parts.get(storyId)!) : -Infinity;
      for (const [partStoryId, part] of parts) {
        if (partStoryId === storyId) continue;
        const c = closeness(part);
        if (c > bestCloseness) [best, bestCloseness] = [partStoryId, c];
      }
      if (best === storyId) continue;
      profiles.set(storyId, unfoldArticle(profiles.get(storyId)!, vector));
      profiles.set(best, foldArticle(profiles.get(best)!, vector, new Date(time)));
      moves.push({ articleId: headline.articleId, fromStoryId: storyId, toStoryId: best });
      followed.push({ ...headline, storyId: best });
    }
    await this.store.saveHeadlines(followed);
    return moves;
  }

  /**
   * With the article in it, the story may now be as close to another candidate story as two halves of one
   * story are: the article showed they are one. Checked by average link between the two stories, again after
   * each merge because it changes the story. The larger story absorbs the smaller (fewer articles to re-point).
   * Only the article's own candidates are checked: a founded story is a single article already scored against
   * them. Two stories that both hold full-text articles (clustered members) are never merged here: whether they
   * are one is for the re-clustering of those articles to decide, when a full-text article brings them into one
   * neighbourhood. A headline adds too little to their similarity to decide it, and the threshold it is checked
   * against is scaled down for the headline's short vector: low enough for two full-text stories of neighbouring
   * events in one topic to pass it.
   */
  private async mergeSimilar(
    story: StoryProfile,
    candidates: StoryProfile[],
    threshold: number,
    merges: StoryMerge[],
    explain: (text: string) => void,
  ): Promise<StoryProfile> {
    const { options } = this;
    let current = story;
    let others = candidates;
    let clustered: Set<string> | null = null;
    let round = 0;
    while (round < options.maxMergesPerArticle && others.length > 0) {
      const pairScores = scoreStoryPairs(current, others, options.weights, options.decay);
      const best = others
        .map((other, i) => ({ other, scores: pairScores[i] }))
        .sort((a, b) => b.scores.total - a.scores.total || (a.other.id < b.other.id ? -1 : 1))[0];
      if (best.scores.total < threshold) break;
      // Looked up only once a merge is due: most headlines merge nothing, and this runs for every headline.
      clustered ??= new Set(
        (await this.store.recentMembers([story.id, ...candidates.map((c) => c.id)], 1)).map((m) => m.storyId),
      );
      others = others.filter((other) => other.id !== best.other.id);
      if (clustered.has(current.id) && clustered.has(best.other.id)) continue;
      // Held before it changes, as it is now; one merged into another meanwhile is left to later articles.
      const other = await this.store.get(best.other.id);
      if (other?.id !== best.other.id) continue;
      const [into, from] = other.articleCount > current.articleCount ? [other, current] : [current, other];
      await this.store.markMerged(from.id, into.id);
      merges.push({ storyId: from.id, intoStoryId: into.id });
      explain(
        `; merged story ${from.id} into ${into.id}: story similarity ${fmt(best.scores.total)} >= merge threshold ${fmt(threshold)}`,
      );
      if (clustered.has(from.id)) clustered.add(into.id);
      current = mergeProfiles(into, from);
      round++;
    }
    return current;
  }

  /**
   * A syndicated copy joins its canonical's story without being scored (its text is the canonical's), and
   * does not count again in the term statistics. Returns the id of the story it joined (after merges).
   */
  async attachCopy(storyId: string, time: Date): Promise<string | null> {
    const profile = await this.store.get(storyId);
    if (!profile) return null;
    const updated = foldCopy(profile, time);
    await this.store.save(updated, storyKeys(updated));
    return updated.id;
  }
}
