/** One item of the batch API's answer, in input order. */
export type BatchItemResult =
  { index: number; id: string; status: string; duplicate: boolean } | { index: number; error: unknown };

export interface IngestClientOptions {
  /** Base URL of the ingest service, e.g. http://127.0.0.1:3000. */
  url: string;
  /** Tries per request on network errors, 429 and 5xx (the batch is idempotent by externalId). */
  attempts?: number;
  /** Sent as `Authorization: Bearer <key>` when the service requires API keys (API_KEYS). */
  apiKey?: string;
}

/**
 * Posts articles through `POST /v1/articles/batch`. Retrying a whole batch is safe: every article carries an
 * externalId, so the items that were recorded before a failure come back as duplicates, not twice.
 */
export class IngestClient {
  private readonly endpoint: string;
  private readonly attempts: number;
  private readonly headers: Record<string, string>;

  constructor(options: IngestClientOptions) {
    this.endpoint = new URL('/v1/articles/batch', options.url).toString();
    this.attempts = options.attempts ?? 5;
    this.headers = {
      'content-type': 'application/json',
      ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
    };
  }

  async postBatch(articles: readonly Record<string, unknown>[]): Promise<BatchItemResult[]> {
    const body = JSON.stringify({ articles });
    for (let attempt = 1; ; attempt++) {
      let retryable: string;
      try {
        const response = await fetch(this.endpoint, {
          method: 'POST',
          headers: this.headers,
          body,
        });
        if (response.status === 202 || response.status === 207) {
          return ((await response.json()) as { results: BatchItemResult[] }).results;
        }
        const detail = await response.text();
        if (response.status !== 429 && response.status < 500) {
          throw new IngestRequestError(`${this.endpoint} answered ${response.status}: ${detail.slice(0, 500)}`);
        }
        retryable = `${response.status} ${detail.slice(0, 200)}`;
      } catch (error) {
        if (error instanceof IngestRequestError) throw error;
        retryable = describeFetchError(error);
      }
      if (attempt >= this.attempts) {
        throw new Error(`posting to ${this.endpoint} failed after ${attempt} tries: ${retryable}`);
      }
      await new Promise((r) => setTimeout(r, 500 * 2 ** (attempt - 1)));
    }
  }
}

/** A request the service refused as such (4xx): retrying cannot help. */
class IngestRequestError extends Error {}

/** fetch hides the socket error (ECONNREFUSED, …) in `cause`; that is the part a user can act on. */
export function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause ? `${error.message} (${cause.code ?? cause.message})` : error.message;
}
