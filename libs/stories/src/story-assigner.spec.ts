import { InMemoryStoryStore } from './memory-story-store';
import { InMemoryTermStatistics } from './memory-term-statistics';
import { loadBackgroundFrequencies } from './background-frequencies';
import { StoryArticle, StoryAssigner } from './story-assigner';
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
      article(
        'theft-1',
        'Antique watches stolen from Brenmoor clock museum',
        MUSEUM_THEFT,
        new Date(T0.getTime() + HOUR),
      ),
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
    expect(theft2.reason).toMatch(/^joined: score/);
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

  it('merges two stories when a new article makes them as similar as one story', async () => {
    // Thresholds above 1 keep the first two reports apart; the third joins one and shows both are one story.
    const store = new InMemoryStoryStore();
    const stats = new InMemoryTermStatistics(loadBackgroundFrequencies());
    const strict = new StoryAssigner(store, stats, { joinThreshold: 1.01, mergeThreshold: 1.01 });
    await strict.assign(article('s1', 'Storm breaks Port Alder breakwater', HARBOUR_STORM));
    await strict.assign(article('s2', 'Port Alder breakwater fails in storm', HARBOUR_STORM));
    const merging = new StoryAssigner(store, stats, { joinThreshold: 0.3, mergeThreshold: 0.5 });
    const decision = await merging.assign(article('s3', 'Port Alder storm', HARBOUR_STORM));
    expect(decision.merges).toHaveLength(1);
    const [merge] = decision.merges;
    expect([merge.storyId, merge.intoStoryId].sort()).toEqual(['s1', 's2']);
    expect(decision.storyId).toBe(merge.intoStoryId);
    expect(decision.reason).toMatch(/merged story/);
    expect((await store.get(merge.storyId))?.id).toBe(merge.intoStoryId);
    expect((await store.get(decision.storyId))?.articleCount).toBe(3);
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
});
