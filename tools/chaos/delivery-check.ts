import { Delivery } from '../bench/pipeline/receiver';
import { StoryState } from './run-facts';

/** What the subscriber got, against the stories as they ended. */
export interface DeliveryCheck {
  /** Stories announced (version > 0), merged ones included. */
  stories: number;
  /** Stories whose last version never reached the subscriber. */
  latestMissing: { storyId: string; version: number; latestReceived: number | null }[];
  latestMissingCount: number;
  /** Live stories whose last delivered snapshot lists other articles than the story has. */
  snapshotMismatches: { storyId: string; version: number; missing: string[]; extra: string[] }[];
  snapshotMismatchCount: number;
  /** Deliveries Postgres marks delivered that the subscriber never recorded. */
  deliveredNotReceived: number;
  /** Events received more than once (delivery is at least once: a retry after an answer that was lost). */
  receivedTwice: number;
  /** Versions of a story received after a later one of it (repeats of the same version aside). */
  outOfOrder: number;
}

const EVIDENCE = 50;

export function checkDeliveries(
  stories: readonly StoryState[],
  received: readonly Delivery[],
  deliveredEventIds: readonly string[],
): DeliveryCheck {
  const latest = new Map<string, Delivery>();
  const highest = new Map<string, number>();
  const seenEvents = new Map<string, number>();
  let outOfOrder = 0;
  for (const d of received) {
    if (d.eventId) seenEvents.set(d.eventId, (seenEvents.get(d.eventId) ?? 0) + 1);
    if (!d.storyId || d.version === null) continue;
    const top = highest.get(d.storyId) ?? 0;
    if (d.version < top) outOfOrder++;
    if (d.version >= top) {
      highest.set(d.storyId, d.version);
      latest.set(d.storyId, d);
    }
  }
  const announced = stories.filter((s) => s.version > 0);
  const latestMissing = announced
    .filter((s) => highest.get(s.id) !== s.version)
    .map((s) => ({ storyId: s.id, version: s.version, latestReceived: highest.get(s.id) ?? null }));
  const snapshotMismatches = announced
    .filter((s) => !s.mergedIntoId && highest.get(s.id) === s.version)
    .map((s) => {
      const listed = new Set(latest.get(s.id)!.articleIds);
      const expected = new Set(s.firstArticleIds);
      return {
        storyId: s.id,
        version: s.version,
        missing: [...expected].filter((id) => !listed.has(id)),
        extra: [...listed].filter((id) => !expected.has(id)),
      };
    })
    .filter((m) => m.missing.length + m.extra.length > 0);
  return {
    stories: announced.length,
    latestMissing: latestMissing.slice(0, EVIDENCE),
    latestMissingCount: latestMissing.length,
    snapshotMismatches: snapshotMismatches.slice(0, EVIDENCE),
    snapshotMismatchCount: snapshotMismatches.length,
    deliveredNotReceived: deliveredEventIds.filter((id) => !seenEvents.has(id)).length,
    receivedTwice: [...seenEvents.values()].filter((n) => n > 1).length,
    outOfOrder,
  };
}
