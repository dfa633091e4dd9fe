import { describeFetchError } from '../cli/stack/ingest-client';

/** The parts of `GET /v1/articles/:id` the demo reads. */
export interface ArticleView {
  id: string;
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

/** A read-only client of the query service. */
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

  private async get<T>(path: string): Promise<T> {
    const url = new URL(path, this.baseUrl).toString();
    let response: Response;
    try {
      response = await fetch(url, this.apiKey ? { headers: { authorization: `Bearer ${this.apiKey}` } } : {});
    } catch (error) {
      throw new Error(`GET ${url}: ${describeFetchError(error)}`);
    }
    if (!response.ok)
      throw new Error(`GET ${url} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    return (await response.json()) as T;
  }
}
