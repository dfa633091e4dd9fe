import { fingerprintText, TextFingerprint } from '@storyline/text';
import { StoryArticle, StoryAssigner, StoryDecision } from './story-assigner';
import { SyndicationDetector, SyndicationResult } from './syndication-detector';

export interface ProcessedArticle {
  syndication: SyndicationResult;
  storyId: string;
  /**
   * The clustering decision (action `copy` for a syndicated article clustered with its group), or null when
   * a syndicated article simply joined the story of its group without clustering (a headline, or a group
   * with no recent member).
   */
  decision: StoryDecision | null;
  /** For a syndicated article: the story of its group, which it joined. */
  copyOfStory: string | null;
}

/** Fingerprint over headline and body: a copy that changes the headline still matches on the body. */
export function fingerprintArticle(article: { title: string | null; body: string }): TextFingerprint {
  return fingerprintText(`${article.title ?? ''}\n${article.body}`);
}

/**
 * The dedupe stage for one article: syndication first, then the story. A copy goes to the story of its group
 * (found through `storyOf`, the caller's article → story lookup, resolving merges), so wire copies never
 * start stories of their own; a full-text one is still clustered with the group, whose neighbourhood it
 * tightens. Any other article is clustered on its content.
 */
export class ArticleProcessor {
  constructor(
    private readonly detector: SyndicationDetector,
    private readonly assigner: StoryAssigner,
    private readonly storyOf: (articleId: string) => Promise<string | null>,
  ) {}

  async process(article: StoryArticle, fingerprint = fingerprintArticle(article)): Promise<ProcessedArticle> {
    const syndication = await this.detector.process(article.id, fingerprint);
    const groupPeer = syndication.link?.canonicalId ?? syndication.repointed[0]?.copyId ?? null;
    if (groupPeer) {
      const peerStory = await this.storyOf(groupPeer);
      if (peerStory) {
        const decision = await this.assigner.assignCopy(article, {
          canonicalId: syndication.link?.canonicalId ?? null,
          repointedIds: syndication.repointed.map((l) => l.copyId),
          storyId: peerStory,
        });
        if (decision) return { syndication, storyId: decision.storyId, decision, copyOfStory: decision.storyId };
        const storyId = await this.assigner.attachCopy(peerStory, article.time);
        if (storyId) return { syndication, storyId, decision: null, copyOfStory: storyId };
      }
    }
    const decision = await this.assigner.assign(article);
    return { syndication, storyId: decision.storyId, decision, copyOfStory: null };
  }
}
