import { ClusterScores, evaluateClustering, evaluateLinks } from '@storyline/stories';

/** B³ scores of one grouping against another, over the articles grouped in both. */
export interface B3 extends ClusterScores {
  items: number;
  predictedStories: number;
  referenceStories: number;
}

export interface GroupingComparison {
  chaosVsGold: B3;
  calmVsGold: B3 | null;
  /** The chaos run's grouping scored against the calm run's, as if the calm one were gold. */
  chaosVsCalm: B3 | null;
  /** |B³ F1 against gold, chaos − calm|: what #24 bounds at 0.01. */
  goldF1Difference: number | null;
  /** The chaos run's syndication links against the calm run's (copy → canonical, by external keys). */
  linksVsCalm: (ClusterScores & { chaos: number; calm: number }) | null;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

function b3(predicted: Map<string, string>, reference: Map<string, string>): B3 {
  const e = evaluateClustering(predicted, reference);
  return {
    precision: round(e.bcubed.precision),
    recall: round(e.bcubed.recall),
    f1: round(e.bcubed.f1),
    items: e.items,
    predictedStories: e.predictedClusters,
    referenceStories: e.goldClusters,
  };
}

/** Groupings are maps from an article's external key to its story; gold maps them to their gold story. */
export function compareGroupings(
  chaos: { grouping: Map<string, string>; links: [string, string][] },
  calm: { grouping: Map<string, string>; links: [string, string][] } | null,
  gold: Map<string, string>,
): GroupingComparison {
  const chaosVsGold = b3(chaos.grouping, gold);
  const calmVsGold = calm ? b3(calm.grouping, gold) : null;
  const links = calm ? evaluateLinks(chaos.links, calm.links) : null;
  return {
    chaosVsGold,
    calmVsGold,
    chaosVsCalm: calm ? b3(chaos.grouping, calm.grouping) : null,
    goldF1Difference: calmVsGold ? round(Math.abs(chaosVsGold.f1 - calmVsGold.f1)) : null,
    linksVsCalm: links && {
      precision: round(links.precision),
      recall: round(links.recall),
      f1: round(links.f1),
      chaos: links.predicted,
      calm: links.gold,
    },
  };
}
