import { BenchArticle } from './corpus';

/** One accepted article: its id, and when the request carrying it was sent and answered (wall clock, ms). */
export interface Posted {
  id: string;
  kind: BenchArticle['kind'];
  postedAt: number;
  acceptedAt: number;
}

interface BatchAnswer {
  results: { index: number; id?: string; duplicate?: boolean; error?: unknown }[];
}

/** Posts one batch; every item must be accepted as new, or the run would measure something else. */
export async function postBatch(ingestUrl: string, articles: readonly BenchArticle[]): Promise<Posted[]> {
  const postedAt = Date.now();
  const response = await fetch(`${ingestUrl}/v1/articles/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ articles: articles.map(({ kind: _kind, ...input }) => input) }),
  });
  const acceptedAt = Date.now();
  const text = await response.text();
  if (response.status !== 202) throw new Error(`batch refused: HTTP ${response.status} ${text.slice(0, 500)}`);
  const answer = JSON.parse(text) as BatchAnswer;
  return answer.results.map((r, i) => {
    if (!r.id || r.duplicate) throw new Error(`article ${i} of the batch: ${JSON.stringify(r).slice(0, 300)}`);
    return { id: r.id, kind: articles[i].kind, postedAt, acceptedAt };
  });
}

/** Everything, batch after batch, each as soon as the previous one was accepted: the saturation load. */
export async function postAll(
  ingestUrl: string,
  articles: readonly BenchArticle[],
  batchSize: number,
): Promise<Posted[]> {
  const posted: Posted[] = [];
  for (let i = 0; i < articles.length; i += batchSize) {
    posted.push(...(await postBatch(ingestUrl, articles.slice(i, i + batchSize))));
  }
  return posted;
}

/** How a steady rate is offered: `perTick` articles every `intervalMs`, which comes out at exactly the rate. */
export function pacing(ratePerSecond: number): { intervalMs: number; perTick: number } {
  // About five requests a second at most (a request per article at high rates would measure HTTP, not the
  // pipeline); at low rates one article per request, 1 / rate apart.
  const perTick = Math.max(1, Math.round(ratePerSecond / 5));
  return { intervalMs: (1000 * perTick) / ratePerSecond, perTick };
}

/**
 * Offers `ratePerSecond` for `seconds`, taking articles from the stream. Ticks are scheduled on absolute times,
 * so a slow request delays the next tick but not the rate.
 */
export async function postAtRate(
  ingestUrl: string,
  next: () => BenchArticle,
  ratePerSecond: number,
  seconds: number,
): Promise<Posted[]> {
  const { intervalMs, perTick } = pacing(ratePerSecond);
  const start = Date.now();
  const ticks = Math.max(1, Math.floor((seconds * 1000) / intervalMs));
  const posted: Posted[] = [];
  for (let tick = 0; tick < ticks; tick++) {
    const wait = start + tick * intervalMs - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    posted.push(...(await postBatch(ingestUrl, Array.from({ length: perTick }, next))));
  }
  return posted;
}
