import type { ArticleInput } from '@storyline/contracts';

/** One article as the ingest endpoint received it, before it is recorded. */
export interface ArticleSubmission {
  input: ArticleInput;
  /** How it came: application/json, text/plain or text/html. */
  contentType: string;
  /** The text/plain body exactly as sent (the title is its first line); kept so normalization can be re-run. */
  rawText?: string;
  idempotencyKey?: string;
}

export interface IntakeResult {
  id: string;
  status: string;
  /** True when the article was already known (same source + externalId, or same Idempotency-Key). */
  duplicate: boolean;
  /** The Idempotency-Key was used before for a different article: the request is refused (409), not deduplicated. */
  keyReused?: boolean;
}
