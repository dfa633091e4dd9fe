import { EvalArticle } from './datasets';
import { seededRandom } from './random';
import { TRANSFORMATIONS } from './transformations';

/** Articles per simulated day: at 100k stored articles the corpus spans 100 days, most of it long quiet. */
const ARTICLES_PER_DAY = 1000;

/**
 * A stream of `count` articles generated from the datasets for the cost-growth benchmark: a quarter are
 * republished copies of earlier stream articles (with a transformation), a quarter UCI headlines, the rest new
 * mixes of paragraphs from two ECB+ articles of one topic. Deterministic for a given seed.
 */
export function* scaleStream(
  ecb: ReadonlyArray<EvalArticle & { topic: number }>,
  uci: readonly EvalArticle[],
  count: number,
  seed = 7,
): Generator<EvalArticle> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const byTopic = new Map<number, Array<EvalArticle & { topic: number }>>();
  for (const a of ecb) byTopic.set(a.topic, [...(byTopic.get(a.topic) ?? []), a]);
  const recent: EvalArticle[] = [];
  const transformations = Object.values(TRANSFORMATIONS);
  const start = Date.parse('2031-01-01T00:00:00Z');
  for (let i = 0; i < count; i++) {
    const time = new Date(start + Math.floor((i * 86_400_000) / ARTICLES_PER_DAY));
    const id = `scale-${i}`;
    const r = random();
    let article: EvalArticle;
    if (r < 0.25 && recent.length > 0) {
      const source = pick(recent);
      article = { ...source, id, time, body: pick(transformations)(source.body, random) };
    } else if (r < 0.5) {
      article = { ...pick(uci), id, time };
    } else {
      const first = pick(ecb);
      const second = pick(byTopic.get(first.topic) ?? [first]);
      const paragraphs = [...first.body.split('\n\n'), ...second.body.split('\n\n').slice(0, 2)];
      article = { id, title: first.title, body: paragraphs.join('\n\n'), time, story: first.story };
    }
    recent.push(article);
    if (recent.length > 200) recent.shift();
    yield article;
  }
}
