/** One item of the batch API's answer, in input order. */
export type BatchItemResult =
  { index: number; id: string; status: string; duplicate: boolean } | { index: number; error: unknown };

export interface IngestClientOptions {
  /** Base URL of the ingest service, e.g. http://127.0.0.1:3000. */
  url: string;
  /**
   * How long one request is retried on network errors, 429 and 502–504 (the batch is idempotent by externalId):
   * long enough to ride out a restart of the service or a spell of back-pressure, as a backfill should.
   */
  retryForMs?: number;
  /** Sent as `Authorization: Bearer <key>` when the service requires API keys (API_KEYS). */
  apiKey?: string;
  /** Told of every try that will be retried: the status and the start of the answer, or the network error. */
  onRetry?(reason: string): void;
}

const DEFAULT_RETRY_FOR_MS = 5 * 60_000;
const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;

/** How long a 429 or 503 asks us to wait (`Retry-After`: seconds or an HTTP date), if it says. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Posts articles through `POST /v1/articles/batch`. Retrying a whole batch is safe: every article carries an
 * externalId, so the items that were recorded before a failure come back as duplicates, not twice.
 */
export class IngestClient {
  private readonly endpoint: string;
  private readonly retryForMs: number;
  private readonly headers: Record<string, string>;
  private readonly onRetry?: (reason: string) => void;

  constructor(options: IngestClientOptions) {
    this.onRetry = options.onRetry;
    this.endpoint = new URL('/v1/articles/batch', options.url).toString();
    this.retryForMs = options.retryForMs ?? DEFAULT_RETRY_FOR_MS;
    this.headers = {
      'content-type': 'application/json',
      ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
    };
  }

  async postBatch(articles: readonly Record<string, unknown>[]): Promise<BatchItemResult[]> {
    const body = JSON.stringify({ articles });
    const giveUpAt = Date.now() + this.retryForMs;
    for (let attempt = 1; ; attempt++) {
      let retryable: string;
      let asked: number | undefined;
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
        if (response.status === 413)
          throw new PayloadTooLargeError(`${this.endpoint} answered 413: ${detail.slice(0, 300)}`);
        // Worth waiting for: back-pressure (429) and a service down or restarting behind a proxy (502–504). Any
        // other status is the same on every try, a 500 included.
        if (![429, 502, 503, 504].includes(response.status)) {
          throw new IngestRequestError(`${this.endpoint} answered ${response.status}: ${detail.slice(0, 500)}`);
        }
        retryable = `${response.status} ${detail.slice(0, 200)}`;
        asked = retryAfterMs(response.headers.get('retry-after'));
      } catch (error) {
        if (error instanceof IngestRequestError) throw error;
        retryable = describeFetchError(error);
      }
      const backoff = asked ?? Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (attempt - 1));
      if (Date.now() + backoff > giveUpAt) {
        throw new IngestUnavailableError(
          `posting to ${this.endpoint} failed for ${Math.round(this.retryForMs / 1000)} s (${attempt} tries): ${retryable}`,
        );
      }
      this.onRetry?.(retryable);
      await new Promise((r) => setTimeout(r, backoff));
    }
  }
}

/** A request the service refused as such (4xx): retrying cannot help. */
export class IngestRequestError extends Error {}

/** The batch's request body is over the service's limit (413): send fewer articles per request. */
export class PayloadTooLargeError extends IngestRequestError {}

/** The service stayed unreachable, overloaded or failing for the whole retry period: try again later. */
export class IngestUnavailableError extends Error {}

/** fetch hides the socket error (ECONNREFUSED, …) in `cause`; that is the part a user can act on. */
export function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause ? `${error.message} (${cause.code ?? cause.message})` : error.message;
}
