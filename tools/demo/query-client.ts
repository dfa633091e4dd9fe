import { describeFetchError } from '../cli/stack/ingest-client';

/** The parts of `GET /v1/articles/:id` the demo reads. */
export interface ArticleView {
  id: string;
  url: string | null;
  status: string;
  storyId: string | null;
  error: string | null;
  failedStage: string | null;
  normalized: { title: string | null } | null;
}

export interface StoryArticleView {
  id: string;
  title: string | null;
  source: string | null;
  status: string;
  canonicalId: string | null;
  syndication: { kind: string; canonicalId: string; jaccard: number; containment: number } | null;
}

/** The parts of `GET /v1/stories/:id` the demo reads. */
export interface StoryView {
  id: string;
  title: string | null;
  articleCount: number;
  sources: string[];
  entities: { name: string; type: string; mentions: number }[];
  articles: StoryArticleView[];
}

/** The parts of a feed (`/v1/feeds`) the demo reads. */
export interface FeedView {
  id: string;
  url: string;
  kind: string | null;
  source: string | null;
  lastPolledAt: string | null;
  lastHttpStatus: number | null;
  lastError: string | null;
  itemsSeen: number;
  itemsIngested: number;
}

/** A page of `GET /v1/articles`. */
export interface ArticleList {
  items: { id: string }[];
  nextCursor: string | null;
}

/** An answer of the query service that was not a success: its status and problem details. */
export class QueryError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { type?: string; detail?: string; feedId?: string } | null,
    message: string,
  ) {
    super(message);
  }
}

/** A client of the query service: reads, and the feeds the demo adds and removes (an admin key when keys are on). */
export class QueryClient {
  constructor(
    private readonly baseUrl: string,
    /** Sent as `Authorization: Bearer <key>` when the service requires API keys. */
    private readonly apiKey?: string,
  ) {}

  article(id: string): Promise<ArticleView> {
    return this.get(`/v1/articles/${id}`);
  }

  story(id: string): Promise<StoryView> {
    return this.get(`/v1/stories/${id}`);
  }

  articles(source: string, cursor?: string): Promise<ArticleList> {
    const params = new URLSearchParams({ source, limit: '100', ...(cursor ? { cursor } : {}) });
    return this.get(`/v1/articles?${params}`);
  }

  feed(id: string): Promise<FeedView> {
    return this.get(`/v1/feeds/${id}`);
  }

  addFeed(input: { url: string; kind: string; source: string }): Promise<FeedView> {
    return this.send('POST', '/v1/feeds', input);
  }

  pollFeed(id: string): Promise<FeedView> {
    return this.send('POST', `/v1/feeds/${id}/poll`);
  }

  removeFeed(id: string): Promise<void> {
    return this.send('DELETE', `/v1/feeds/${id}`);
  }

  private get<T>(path: string): Promise<T> {
    return this.send('GET', path);
  }

  private async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = new URL(path, this.baseUrl).toString();
    const headers: Record<string, string> = this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      throw new Error(`${method} ${url}: ${describeFetchError(error)}`);
    }
    const text = await response.text();
    if (!response.ok) {
      let problem = null;
      try {
        problem = JSON.parse(text);
      } catch {
        // not problem+json: the text itself says what happened
      }
      throw new QueryError(
        response.status,
        problem,
        `${method} ${url} answered ${response.status}: ${text.slice(0, 300)}`,
      );
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
