/** What became of an article's page fetch (page_fetch.outcome), shown on the article as `fetch.outcome`. */
export enum FetchOutcome {
  Pending = 'pending',
  /** The page came and went on to normalize. */
  Fetched = 'fetched',
  /** No article in it: refused, unreachable, a wall, too large, not HTML… (`reason` says which). */
  Failed = 'failed',
  /** The page names as canonical a page already fetched for another article (`reason` names it). */
  Duplicate = 'duplicate',
}
