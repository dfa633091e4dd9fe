import { articleInput, BenchArticle } from './corpus';

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
    body: JSON.stringify({ articles: articles.map(articleInput) }),
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
 * Offers `ratePerSecond` for `seconds`, taking articles from the stream. Ticks are scheduled on absolute times and
 * a tick does not wait for the previous request's answer (an open loop, at most MAX_IN_FLIGHT requests at once):
 * a slow answer from ingest neither delays later requests nor lowers the rate offered.
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
  const requests: Promise<Posted[]>[] = [];
  const inFlight = new Set<Promise<unknown>>();
  for (let tick = 0; tick < ticks; tick++) {
    const wait = start + tick * intervalMs - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
    const request = postBatch(ingestUrl, Array.from({ length: perTick }, next));
    const settled: Promise<unknown> = request.then(
      () => inFlight.delete(settled),
      () => inFlight.delete(settled),
    );
    inFlight.add(settled);
    requests.push(request);
  }
  return (await Promise.all(requests)).flat();
}

/** Requests of the steady load waiting for an answer at once, at most (a stalled ingest fails the run, not the host). */
const MAX_IN_FLIGHT = 32;

/**
 * The rate actually offered: articles of every request but the last ÷ time from the first request sent to the
 * last (for evenly spaced requests of k articles, k ÷ their spacing: the rate asked for). Null for one request.
 */
export function achievedRate(posted: readonly Pick<Posted, 'postedAt'>[]): number | null {
  const sent = new Map<number, number>();
  for (const p of posted) sent.set(p.postedAt, (sent.get(p.postedAt) ?? 0) + 1);
  const times = [...sent.keys()].sort((a, b) => a - b);
  if (times.length < 2) return null;
  const first = times[0];
  const last = times[times.length - 1];
  return Math.round(((posted.length - sent.get(last)!) / ((last - first) / 1000)) * 100) / 100;
}
