/**
 * What an API key may do. `ingest`: submit articles. `read`: read stories, articles and entities. `admin`:
 * everything else — webhook subscriptions and their secrets, the queue dashboard, retrying failed articles — and
 * everything `ingest` and `read` may do.
 */
export const API_KEY_SCOPES = ['ingest', 'read', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export function isApiKeyScope(value: string): value is ApiKeyScope {
  return (API_KEY_SCOPES as readonly string[]).includes(value);
}

/** Whether a key holding `held` may use a route that needs `needed`: admin implies the others. */
export function scopesGrant(held: readonly ApiKeyScope[], needed: ApiKeyScope): boolean {
  return held.includes('admin') || held.includes(needed);
}
