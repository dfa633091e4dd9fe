/**
 * Whether a subscription wants an event: its type must be subscribed, and every filter it sets must match the
 * story (any of the listed entity ids among the story's entities; any listed source among its sources).
 * Events without a story (article.failed) are only filtered by type.
 */
export interface SubscriptionFilters {
  entityIds?: string[];
  sources?: string[];
}

export function subscriptionWants(
  eventTypes: string[],
  filters: SubscriptionFilters | Record<string, unknown>,
  type: string,
  data: unknown,
): boolean {
  if (!eventTypes.includes(type)) return false;
  const story = storyOf(data);
  if (!story) return true;
  const f = filters as SubscriptionFilters;
  if (f.entityIds?.length && !story.entities.some((e) => f.entityIds!.includes(e.id))) return false;
  if (f.sources?.length && !story.sources.some((s) => f.sources!.includes(s))) return false;
  return true;
}

function storyOf(data: unknown): { entities: { id: string }[]; sources: string[] } | null {
  const d = data as { story?: unknown; entities?: unknown; sources?: unknown } | null;
  const story = (d && 'story' in d ? d.story : d) as { entities?: { id: string }[]; sources?: string[] } | null;
  if (!story || !Array.isArray(story.entities) || !Array.isArray(story.sources)) return null;
  return { entities: story.entities, sources: story.sources };
}
