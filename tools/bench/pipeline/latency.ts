import { ArticleTimes } from './bench-database';
import { Posted } from './poster';
import { Delivery } from './receiver';
import { distribution, Distribution } from './stats';

export interface PhaseLatency {
  /** Articles per second over the batch POSTs only: first request sent → last answered. */
  acceptancePerSecond: number;
  /** Articles per second from the first POST to the last `done_at`. */
  endToEndPerSecond: number;
  /** Seconds from the first POST to the last `done_at`. */
  endToEndSeconds: number;
  done: number;
  failed: number;
  unfinished: number;
  postToDoneMs: Distribution | null;
  postToWebhookMs: Distribution | null;
  /**
   * How the webhook of each article was found: listed in a snapshot, or only by its story (snapshots list 200);
   * none: no delivery carried it by the time the phase's outbox and deliveries had drained.
   */
  webhookMatch: { listed: number; byStory: number; none: number };
  /** Time between consecutive stage timestamps (a stage's queue wait and its run), ms. */
  stagesMs: Record<string, Distribution | null>;
}

const STAGES: [string, keyof ArticleTimes | 'postedAt', keyof ArticleTimes][] = [
  ['POST → received', 'postedAt', 'receivedAt'],
  ['received → normalized', 'receivedAt', 'normalizedAt'],
  ['normalized → clustered', 'normalizedAt', 'clusteredAt'],
  ['clustered → entities', 'clusteredAt', 'entitiesAt'],
  ['entities → done', 'entitiesAt', 'doneAt'],
];

/** The first time each article was listed in a delivered snapshot, and each story's delivery times in order. */
function indexDeliveries(deliveries: readonly Delivery[]) {
  const listed = new Map<string, number>();
  const byStory = new Map<string, number[]>();
  for (const d of [...deliveries].sort((a, b) => a.at - b.at)) {
    for (const id of d.articleIds) if (!listed.has(id)) listed.set(id, d.at);
    if (d.storyId) byStory.set(d.storyId, [...(byStory.get(d.storyId) ?? []), d.at]);
  }
  return { listed, byStory };
}

/**
 * Latencies of one phase's articles. An article reaches the subscriber in the first snapshot that lists it;
 * a snapshot lists a story's first 200 articles only, so an article of a bigger story counts from its story's
 * first delivery after its `done_at` (the event is written in the transaction that sets it).
 */
export function phaseLatency(
  posted: readonly Posted[],
  times: readonly ArticleTimes[],
  deliveries: readonly Delivery[],
): PhaseLatency {
  const byId = new Map(times.map((t) => [t.id, t]));
  const { listed, byStory } = indexDeliveries(deliveries);
  const postToDone: number[] = [];
  const postToWebhook: number[] = [];
  const match = { listed: 0, byStory: 0, none: 0 };
  const stages = new Map<string, number[]>(STAGES.map(([name]) => [name, []]));
  let lastDone = -Infinity;
  let failed = 0;
  let unfinished = 0;
  for (const p of posted) {
    const t = byId.get(p.id);
    if (t?.status === 'failed') {
      failed++;
      continue;
    }
    if (!t || t.doneAt === null) {
      unfinished++;
      continue;
    }
    lastDone = Math.max(lastDone, t.doneAt);
    postToDone.push(t.doneAt - p.postedAt);
    const at = { ...t, postedAt: p.postedAt };
    for (const [name, from, to] of STAGES) {
      const [a, b] = [at[from] as number | null, at[to] as number | null];
      if (a !== null && b !== null) stages.get(name)!.push(b - a);
    }
    const listedAt = listed.get(p.id);
    const storyAt = t.storyId ? byStory.get(t.storyId)?.find((x) => x >= t.doneAt!) : undefined;
    if (listedAt !== undefined) {
      match.listed++;
      postToWebhook.push(listedAt - p.postedAt);
    } else if (storyAt !== undefined) {
      match.byStory++;
      postToWebhook.push(storyAt - p.postedAt);
    } else match.none++;
  }
  const firstPost = Math.min(...posted.map((p) => p.postedAt));
  const lastAccepted = Math.max(...posted.map((p) => p.acceptedAt));
  const endToEndSeconds = (lastDone - firstPost) / 1000;
  return {
    acceptancePerSecond: round(posted.length / ((lastAccepted - firstPost) / 1000)),
    endToEndPerSecond: postToDone.length ? round(postToDone.length / endToEndSeconds) : 0,
    endToEndSeconds: postToDone.length ? round(endToEndSeconds) : 0,
    done: postToDone.length,
    failed,
    unfinished,
    postToDoneMs: distribution(postToDone),
    postToWebhookMs: distribution(postToWebhook),
    webhookMatch: match,
    stagesMs: Object.fromEntries([...stages].map(([name, values]) => [name, distribution(values)])),
  };
}

const round = (x: number) => Math.round(x * 100) / 100;
