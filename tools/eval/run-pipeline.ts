import {
  ArticleProcessor,
  BackgroundFrequencies,
  InMemoryStoryStore,
  InMemorySyndicationIndex,
  InMemoryTermStatistics,
  ProcessedArticle,
  StoryAssigner,
  StoryAssignerOptions,
  SyndicationDetector,
  SyndicationOptions,
} from '@storyline/stories';
import { EvalArticle } from './datasets';

export interface PipelineRun {
  /** Article id → story id, after following merges. */
  stories: Map<string, string>;
  /** Article id → canonical article id, for articles found to be copies. */
  canonical: Map<string, string>;
  results: ProcessedArticle[];
  merges: number;
  /** Wall-clock milliseconds per article spent in dedupe + clustering. */
  timings: number[];
  /**
   * CPU milliseconds per article (this process, user + system): what the benchmark compares across corpus
   * sizes, since wall time on a shared host mostly measures the other tenants.
   */
  cpuTimings: number[];
}

export interface PipelineConfig {
  background: BackgroundFrequencies;
  /** Keep every article's result (decisions, candidates); off for long benchmark streams. */
  retainResults?: boolean;
  story?: Partial<StoryAssignerOptions>;
  syndication?: Partial<SyndicationOptions>;
}

/** Feeds articles one by one, in the given order, through the dedupe stage with in-memory stores. */
export async function runPipeline(articles: Iterable<EvalArticle>, config: PipelineConfig): Promise<PipelineRun> {
  const storyOfArticle = new Map<string, string>();
  const mergedInto = new Map<string, string>();
  const resolve = (storyId: string): string => {
    let id = storyId;
    for (let next = mergedInto.get(id); next !== undefined; next = mergedInto.get(id)) id = next;
    return id;
  };
  const assigner = new StoryAssigner(
    new InMemoryStoryStore(),
    new InMemoryTermStatistics(config.background),
    config.story,
  );
  const detector = new SyndicationDetector(new InMemorySyndicationIndex(), config.syndication);
  const processor = new ArticleProcessor(detector, assigner, async (id) => {
    const story = storyOfArticle.get(id);
    return story === undefined ? null : resolve(story);
  });

  const canonical = new Map<string, string>();
  const results: ProcessedArticle[] = [];
  const timings: number[] = [];
  const cpuTimings: number[] = [];
  let merges = 0;
  for (const article of articles) {
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const result = await processor.process(article);
    const used = process.cpuUsage(cpu);
    timings.push(Number(process.hrtime.bigint() - started) / 1e6);
    cpuTimings.push((used.user + used.system) / 1000);
    if (config.retainResults !== false) results.push(result);
    storyOfArticle.set(article.id, result.storyId);
    for (const move of result.decision?.moves ?? []) storyOfArticle.set(move.articleId, move.toStoryId);
    for (const merge of result.decision?.merges ?? []) {
      mergedInto.set(merge.storyId, merge.intoStoryId);
      merges++;
    }
    if (result.syndication.link) canonical.set(article.id, result.syndication.link.canonicalId);
    for (const link of result.syndication.repointed) canonical.set(link.copyId, link.canonicalId);
  }
  // A copy is in its canonical article's story, wherever a re-clustering moved that (the dedupe stage moves
  // copies with their canonical).
  const stories = new Map(
    [...storyOfArticle].map(([id, story]) => [id, resolve(storyOfArticle.get(canonical.get(id) ?? id) ?? story)]),
  );
  return { stories, canonical, results, merges, timings, cpuTimings };
}
