import { normalizeArticle } from '@storyline/text';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithSharedData, sharedDir } from '../../../test/support/shared-data';
import { ArticleProcessor } from './article-processor';
import { loadBackgroundFrequencies } from './background-frequencies';
import { InMemoryStoryStore } from './memory-story-store';
import { InMemorySyndicationIndex } from './memory-syndication-index';
import { InMemoryTermStatistics } from './memory-term-statistics';
import { StoryAssigner } from './story-assigner';
import { SyndicationDetector } from './syndication-detector';

// The seed articles are third-party text kept outside the repository.
const SEEDS = join(sharedDir(), 'seeds');
const RECEIVED_AT = '2022-04-08T12:00:00.000Z';

describeWithSharedData('seeds')('seeds, through normalization, syndication and clustering', () => {
  it('form two stories, {000,001,002,003} and {004}, with 003 the only copy (of 002)', async () => {
    const storyOf = new Map<string, string>();
    const processor = new ArticleProcessor(
      new SyndicationDetector(new InMemorySyndicationIndex()),
      new StoryAssigner(new InMemoryStoryStore(), new InMemoryTermStatistics(loadBackgroundFrequencies())),
      async (id) => storyOf.get(id) ?? null,
    );
    const links: string[] = [];
    for (const file of readdirSync(SEEDS)
      .filter((f) => f.endsWith('.txt'))
      .sort()) {
      const id = file.slice(0, 3);
      const normalized = normalizeArticle({ body: readFileSync(join(SEEDS, file), 'utf8'), receivedAt: RECEIVED_AT });
      const result = await processor.process({
        id,
        title: normalized.title?.value ?? null,
        body: normalized.text,
        time: new Date(normalized.metadata.publishedAt?.value ?? RECEIVED_AT),
      });
      storyOf.set(id, result.storyId);
      for (const merge of result.decision?.merges ?? []) {
        for (const [article, story] of storyOf) if (story === merge.storyId) storyOf.set(article, merge.intoStoryId);
      }
      for (const link of [result.syndication.link, ...result.syndication.repointed]) {
        if (link) links.push(`${link.copyId}->${link.canonicalId}`);
      }
    }
    const groups = new Map<string, string[]>();
    for (const [article, story] of storyOf) groups.set(story, [...(groups.get(story) ?? []), article]);
    expect([...groups.values()].map((ids) => ids.sort()).sort()).toEqual([['000', '001', '002', '003'], ['004']]);
    expect(links).toEqual(['003->002']);
  });
});
