import { InMemoryStoryStore } from './memory-story-store';
import { InMemoryTermStatistics } from './memory-term-statistics';
import { loadBackgroundFrequencies } from './background-frequencies';
import { DEFAULT_STORY_OPTIONS, MEMBER_COPIES, StoryArticle, StoryAssigner } from './story-assigner';
import { HARBOUR_STORM, HARBOUR_STORM_REWRITE, MUSEUM_THEFT, MUSEUM_THEFT_REWRITE } from './testing/fictional-articles';

const T0 = new Date('2030-05-14T08:00:00Z');
const HOUR = 60 * 60 * 1000;

function article(id: string, title: string, paragraphs: string[], time = T0): StoryArticle {
  return { id, title, body: paragraphs.join('\n\n'), time };
}

function assigner(options = {}): StoryAssigner {
  return new StoryAssigner(new InMemoryStoryStore(), new InMemoryTermStatistics(loadBackgroundFrequencies()), options);
}

describe('StoryAssigner', () => {
  it('founds a story for the first article and explains why', async () => {
    const decision = await assigner().assign(article('a1', 'Storm breaks Port Alder breakwater', HARBOUR_STORM));
    expect(decision).toMatchObject({ storyId: 'a1', action: 'founded', candidates: [], merges: [] });
    expect(decision.reason).toMatch(/no live story/);
  });

  it('puts independent reports of one event together and other events apart', async () => {
    const a = assigner();
    await a.assign(article('storm-1', 'Storm breaks Port Alder breakwater', HARBOUR_STORM));
    await a.assign(
      article('theft-1', 'Storm breaks Port Alder breakwater', MUSEUM_THEFT, new Date(T0.getTime() + HOUR)),
    );
    const storm2 = await a.assign(
      article(
        'storm-2',
        'Fish market flooded as breakwater fails',
        HARBOUR_STORM_REWRITE,
        new Date(T0.getTime() + 2 * HOUR),
      ),
    );
    const theft2 = await a.assign(
      article(
        'theft-2',
        'Seven pocket watches taken in museum burglary',
        MUSEUM_THEFT_REWRITE,
        new Date(T0.getTime() + 3 * HOUR),
      ),
    );
    expect(storm2).toMatchObject({ storyId: 'storm-1', action: 'joined' });
    expect(theft2).toMatchObject({ storyId: 'theft-1', action: 'joined' });
    const [best, ...rest] = theft2.candidates;
    expect(best.storyId).toBe('theft-1');
    expect(best.scores.total).toBeGreaterThan(Math.max(0, ...rest.map((c) => c.scores.total)));
    expect(theft2.reason).toMatch(
      /^joined: re-clustered with 1 recent article of 1 candidate story, it groups with 1 of them/,
    );
    expect(theft2.neighbourhood?.stories[0]).toMatchObject({ storyId: 'theft-1', members: 1 });
    expect(theft2.neighbourhood!.stories[0].relativeSimilarity).toBeGreaterThanOrEqual(2 / 3);
    // theft-1 carries the storm's headline: its headline does not agree with this one's, and adds nothing.
    expect(theft2.neighbourhood!.stories[0]).toMatchObject({ headlineAgreement: 0 });
    expect(theft2.neighbourhood!.stories[0].link).toBe(theft2.neighbourhood!.stories[0].relativeSimilarity);
  });

  it('groups reports written in Chinese, which has no spaces between words', async () => {
    const a = assigner();
    const bridge = await a.assign(
      article('zh-1', '东港市跨海大桥修复后重新通车', [
        '东港市政府周二宣布，经过六个月的修复，跨海大桥重新向车辆开放。市长李明在通车仪式上表示，大桥的升降段已经全部更换。',
      ]),
    );
    const museum = await a.assign(
      article('zh-2', '西山博物馆失窃 三幅油画被盗', [
        '西山博物馆周三报告，三幅十九世纪油画在夜间被盗。警方正在调查监控录像，博物馆暂停对外开放。',
      ]),
    );
    const bridgeAgain = await a.assign(
      article('zh-3', '跨海大桥重新开放 东港交通恢复', [
        '经过半年维修，东港跨海大桥周二恢复通车。李明市长说，工程人员更换了大桥的升降段，交通拥堵问题将得到缓解。',
      ]),
    );
    expect(museum.storyId).not.toBe(bridge.storyId);
    expect(bridgeAgain.storyId).toBe(bridge.storyId);
  });

  it('works on headlines alone', async () => {
    const a = assigner();
    await a.assign({ id: 'h1', title: 'Storm breaks Port Alder breakwater, fish market flooded', body: '', time: T0 });
    const same = await a.assign({
      id: 'h2',
      title: 'Port Alder fish market flooded after breakwater fails',
      body: '',
      time: T0,
    });
    const other = await a.assign({
      id: 'h3',
      title: 'Antique watches stolen from Brenmoor museum',
      body: '',
      time: T0,
    });
    expect(same.storyId).toBe('h1');
    expect(other.storyId).toBe('h3');
  });

  it('does not join a story that has gone quiet', async () => {
    const a = assigner({ quietAfterMs: 24 * HOUR });
    await a.assign(article('storm-1', 'Storm breaks Port Alder breakwater', HARBOUR_STORM));
    const late = await a.assign(
      article('storm-2', 'Fish market flooded', HARBOUR_STORM_REWRITE, new Date(T0.getTime() + 72 * HOUR)),
    );
    expect(late.action).toBe('founded');
  });

  it('merges two stories when a new article shows they are one', async () => {
    // A threshold no group reaches keeps the first two reports apart; the third is clustered with both.
    const store = new InMemoryStoryStore();
    const stats = new InMemoryTermStatistics(loadBackgroundFrequencies());
    const apart = { neighbourhood: { ...DEFAULT_STORY_OPTIONS.neighbourhood, threshold: 100 } };
    const strict = new StoryAssigner(store, stats, apart);
    await strict.assign(article('s1', 'Storm breaks Port Alder breakwater', HARBOUR_STORM));
    await strict.assign(article('s2', 'Port Alder breakwater fails in storm', HARBOUR_STORM_REWRITE));
    const decision = await new StoryAssigner(store, stats).assign(article('s3', 'Port Alder storm', HARBOUR_STORM));
    expect(decision.merges).toHaveLength(1);
    const [merge] = decision.merges;
    expect([merge.storyId, merge.intoStoryId].sort()).toEqual(['s1', 's2']);
    expect(decision).toMatchObject({ storyId: merge.intoStoryId, action: 'joined' });
    expect(decision.moves).toEqual([
      { articleId: merge.storyId, fromStoryId: merge.storyId, toStoryId: merge.intoStoryId },
    ]);
    expect(decision.reason).toMatch(/merged story/);
    expect((await store.get(merge.storyId))?.id).toBe(merge.intoStoryId);
    expect((await store.get(decision.storyId))?.articleCount).toBe(3);
    expect((await store.recentMembers([merge.intoStoryId], 10)).map((m) => m.articleId).sort()).toEqual([
      's1',
      's2',
      's3',
    ]);
  });

  /**
   * A museum theft filed under the storm's headline (as a crawler that took the wrong headline would send it),
   * put into the storm's story by `lax` thresholds that every candidate and group reach; the next storm report,
   * assigned with the default thresholds, then splits it off as story split-1.
   */
  async function stormStoryWithTheft() {
    const store = new InMemoryStoryStore();
    const stats = new InMemoryTermStatistics(loadBackgroundFrequencies());
    const lax = new StoryAssigner(store, stats, {
      joinThreshold: -1,
      neighbourhood: { ...DEFAULT_STORY_OPTIONS.neighbourhood, threshold: -1, minScore: -1 },
    });
    await lax.assign(article('storm-1', 'Storm breaks Port Alder breakwater', HARBOUR_STORM));
    const wrong = await lax.assign(
      article('theft-1', 'Storm breaks Port Alder breakwater', MUSEUM_THEFT, new Date(T0.getTime() + HOUR)),
    );
    expect(wrong.storyId).toBe('storm-1');
    const nextStormReport = () =>
      new StoryAssigner(store, stats, { splitStoryId: () => 'split-1' }).assign(
        article(
          'storm-2',
          'Fish market flooded as breakwater fails',
          HARBOUR_STORM_REWRITE,
          new Date(T0.getTime() + 2 * HOUR),
        ),
      );
    return { store, lax, nextStormReport };
  }

  it('moves an earlier article out of a story it was wrongly put in once later articles show it', async () => {
    const { store, nextStormReport } = await stormStoryWithTheft();
    const decision = await nextStormReport();
    expect(decision).toMatchObject({ storyId: 'storm-1', action: 'joined', merges: [] });
    expect(decision.moves).toEqual([{ articleId: 'theft-1', fromStoryId: 'storm-1', toStoryId: 'split-1' }]);
    expect(decision.reason).toMatch(/moved 1 article from story storm-1 to split-1/);
    expect(await store.get('storm-1')).toMatchObject({ articleCount: 2, members: { terms: 2 } });
    expect(await store.get('split-1')).toMatchObject({
      articleCount: 1,
      title: 'Storm breaks Port Alder breakwater',
    });
    expect((await store.recentMembers(['split-1'], 10)).map((m) => m.articleId)).toEqual(['theft-1']);
  });

  it('lets the headlines of a story that splits follow the part they are closest to', async () => {
    const { store, lax, nextStormReport } = await stormStoryWithTheft();
    const headline = (id: string, title: string): StoryArticle => ({
      id,
      title,
      body: '',
      time: new Date(T0.getTime() + HOUR),
    });
    expect(
      await lax.assign(headline('h-theft', 'Seven pocket watches stolen from Brenmoor clock museum')),
    ).toMatchObject({ storyId: 'storm-1', action: 'joined' });
    expect(await lax.assign(headline('h-storm', 'Port Alder fish market flooded by storm'))).toMatchObject({
      storyId: 'storm-1',
    });

    const decision = await nextStormReport();

    expect(decision.moves).toEqual([
      { articleId: 'theft-1', fromStoryId: 'storm-1', toStoryId: 'split-1' },
      { articleId: 'h-theft', fromStoryId: 'storm-1', toStoryId: 'split-1' },
    ]);
    expect(decision.reason).toMatch(/moved 2 articles from story storm-1 to split-1/);
    expect((await store.recentHeadlines(['split-1'], 10)).map((h) => h.articleId)).toEqual(['h-theft']);
    expect((await store.recentHeadlines(['storm-1'], 10)).map((h) => h.articleId)).toEqual(['h-storm']);
    // Profiles count what was folded in: storm-1 keeps two reports and its headline, split-1 has two articles.
    expect(await store.get('storm-1')).toMatchObject({ articleCount: 3 });
    expect(await store.get('split-1')).toMatchObject({ articleCount: 2 });
  });

  it('merges stories of headlines when a headline shows they are one', async () => {
    const store = new InMemoryStoryStore();
    const stats = new InMemoryTermStatistics(loadBackgroundFrequencies());
    const strict = new StoryAssigner(store, stats, { joinThreshold: 100, mergeThreshold: 100 });
    const headline = (id: string, title: string): StoryArticle => ({ id, title, body: '', time: T0 });
    await strict.assign(headline('h1', 'Storm breaks Port Alder breakwater'));
    await strict.assign(headline('h2', 'Port Alder breakwater fails in storm'));
    const merging = new StoryAssigner(store, stats, { joinThreshold: 0.3, mergeThreshold: 0.5 });
    const decision = await merging.assign(headline('h3', 'Storm breaks Port Alder breakwater'));
    expect(decision.merges).toHaveLength(1);
    expect(decision).toMatchObject({ storyId: decision.merges[0].intoStoryId, moves: [] });
    expect(decision.reason).toMatch(/^joined: score .*merged story/);
  });

  it('leaves two stories of full-text articles for their re-clustering to merge, not a headline', async () => {
    const store = new InMemoryStoryStore();
    const stats = new InMemoryTermStatistics(loadBackgroundFrequencies());
    const apart = new StoryAssigner(store, stats, {
      joinThreshold: 100,
      mergeThreshold: 100,
      neighbourhood: { ...DEFAULT_STORY_OPTIONS.neighbourhood, threshold: 100 },
    });
    const headline = (id: string, title: string): StoryArticle => ({ id, title, body: '', time: T0 });
    await apart.assign(article('storm-1', 'Storm breaks Port Alder breakwater', HARBOUR_STORM));
    await apart.assign(article('storm-2', 'Fish market flooded as breakwater fails', HARBOUR_STORM_REWRITE));
    await apart.assign(headline('h1', 'Port Alder breakwater fails in storm'));
    const merging = new StoryAssigner(store, stats, { joinThreshold: 0.01, mergeThreshold: 0.01 });

    const decision = await merging.assign(headline('h2', 'Storm breaks Port Alder breakwater'));

    // All three stories were candidates; the headline story merges with one full-text story, and that one with
    // the other full-text story never.
    expect(decision.candidates.map((c) => c.storyId).sort()).toEqual(['h1', 'storm-1', 'storm-2']);
    expect(decision.merges).toHaveLength(1);
    const [merge] = decision.merges;
    expect([merge.storyId, merge.intoStoryId]).toContain('h1');
    expect([merge.storyId, merge.intoStoryId].filter((id) => id.startsWith('storm-'))).toHaveLength(1);
  });

  it('attaches a syndicated copy without scoring it', async () => {
    const store = new InMemoryStoryStore();
    const a = new StoryAssigner(store, new InMemoryTermStatistics());
    await a.assign(article('s1', 'Storm breaks Port Alder breakwater', HARBOUR_STORM));
    expect(await a.attachCopy('s1', new Date(T0.getTime() + HOUR))).toBe('s1');
    const profile = await store.get('s1');
    expect(profile).toMatchObject({ articleCount: 2, lastSeen: new Date(T0.getTime() + HOUR).toISOString() });
    expect(await a.attachCopy('unknown', T0)).toBeNull();
  });

  describe('syndicated copies', () => {
    const later = (hours: number) => new Date(T0.getTime() + hours * HOUR);

    it('clusters a full-text copy with its group, in its canonical article’s story, without counting it again', async () => {
      const store = new InMemoryStoryStore();
      const stats = new InMemoryTermStatistics(loadBackgroundFrequencies());
      const a = new StoryAssigner(store, stats);
      await a.assign(article('storm-1', 'Storm breaks Port Alder breakwater', HARBOUR_STORM));
      const docs = await stats.docCount();
      const decision = await a.assignCopy(
        article('storm-1-copy', 'Breakwater fails in Port Alder storm', HARBOUR_STORM.slice(0, 4), later(1)),
        { canonicalId: 'storm-1', repointedIds: [], storyId: 'storm-1' },
      );
      expect(decision).toMatchObject({ storyId: 'storm-1', action: 'copy', moves: [], merges: [] });
      expect(decision!.reason).toMatch(/^copy: a syndicated copy of storm-1, it stays with its group; re-clustered/);
      expect(await stats.docCount()).toBe(docs);
      const members = await store.recentMembers(['storm-1'], 10);
      expect(members.map((m) => [m.articleId, m.canonicalId])).toEqual([
        ['storm-1-copy', 'storm-1'],
        ['storm-1', null],
      ]);
      expect(await store.get('storm-1')).toMatchObject({ articleCount: 2, members: { terms: 2 } });
    });

    it('moves a copy with its canonical article when a re-clustering moves that', async () => {
      const store = new InMemoryStoryStore();
      const stats = new InMemoryTermStatistics(loadBackgroundFrequencies());
      const together = { neighbourhood: { ...DEFAULT_STORY_OPTIONS.neighbourhood, threshold: -1, minScore: -1 } };
      const lax = new StoryAssigner(store, stats, together);
      await lax.assign(article('storm-1', 'Storm breaks Port Alder breakwater', HARBOUR_STORM));
      await lax.assign(article('theft-1', 'Storm breaks Port Alder breakwater', MUSEUM_THEFT, later(1)));
      await lax.assignCopy(article('theft-1-copy', 'Storm breaks Port Alder breakwater', MUSEUM_THEFT, later(2)), {
        canonicalId: 'theft-1',
        repointedIds: [],
        storyId: 'storm-1',
      });

      const assigner = new StoryAssigner(store, stats, { splitStoryId: () => 'split-1' });
      const decision = await assigner.assign(
        article('storm-2', 'Fish market flooded as breakwater fails', HARBOUR_STORM_REWRITE, later(3)),
      );
      // The copy does not count as a report of its own: the storm keeps its story.
      expect(decision).toMatchObject({ storyId: 'storm-1', action: 'joined' });
      expect(new Set(decision.moves)).toEqual(
        new Set([
          { articleId: 'theft-1', fromStoryId: 'storm-1', toStoryId: 'split-1' },
          { articleId: 'theft-1-copy', fromStoryId: 'storm-1', toStoryId: 'split-1' },
        ]),
      );
      expect((await store.recentMembers(['split-1'], 10)).map((m) => m.articleId).sort()).toEqual([
        'theft-1',
        'theft-1-copy',
      ]);
    });

    it('makes a more complete version the member its group is pinned to', async () => {
      const store = new InMemoryStoryStore();
      const a = new StoryAssigner(store, new InMemoryTermStatistics(loadBackgroundFrequencies()));
      await a.assign(article('theft-short', 'Museum watches stolen', MUSEUM_THEFT.slice(0, 2)));
      const decision = await a.assignCopy(article('theft-full', 'Museum watches stolen', MUSEUM_THEFT, later(1)), {
        canonicalId: null,
        repointedIds: ['theft-short'],
        storyId: 'theft-short',
      });
      expect(decision).toMatchObject({ storyId: 'theft-short', action: 'copy' });
      expect(decision!.reason).toMatch(/^copy: the most complete version of 1 syndicated article/);
      expect((await store.recentMembers(['theft-short'], 10)).map((m) => [m.articleId, m.canonicalId])).toEqual([
        ['theft-full', null],
        ['theft-short', 'theft-full'],
      ]);
    });

    it('clusters at most MEMBER_COPIES copies of one article among the recent members', async () => {
      const a = new StoryAssigner(new InMemoryStoryStore(), new InMemoryTermStatistics(loadBackgroundFrequencies()));
      await a.assign(article('storm-1', 'Storm breaks Port Alder breakwater', HARBOUR_STORM));
      const group = { canonicalId: 'storm-1', repointedIds: [], storyId: 'storm-1' };
      const copy = (i: number) => article(`copy-${i}`, 'Storm breaks Port Alder breakwater', HARBOUR_STORM, later(i));
      for (let i = 1; i <= MEMBER_COPIES; i++) expect(await a.assignCopy(copy(i), group)).not.toBeNull();
      expect(await a.assignCopy(copy(MEMBER_COPIES + 1), group)).toBeNull();
    });

    it('leaves a headline copy, or a group with no recent member, to be attached without clustering', async () => {
      const store = new InMemoryStoryStore();
      const a = new StoryAssigner(store, new InMemoryTermStatistics(loadBackgroundFrequencies()));
      await a.assign({ id: 'h1', title: 'Storm breaks Port Alder breakwater', body: '', time: T0 });
      const group = { canonicalId: 'h1', repointedIds: [], storyId: 'h1' };
      const headline = { id: 'h2', title: 'Storm breaks Port Alder breakwater', body: '', time: later(1) };
      expect(await a.assignCopy(headline, group)).toBeNull();
      expect(
        await a.assignCopy(article('full', 'Storm breaks Port Alder breakwater', HARBOUR_STORM), group),
      ).toBeNull();
      expect(await store.recentMembers(['h1'], 10)).toEqual([]);
    });
  });
});
