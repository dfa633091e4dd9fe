import { loadBackgroundFrequencies } from '@storyline/stories';
import {
  HARBOUR_STORM,
  HARBOUR_STORM_REWRITE,
  MUSEUM_THEFT,
  MUSEUM_THEFT_REWRITE,
} from '../../libs/stories/src/testing/fictional-articles';
import { representationCeiling } from './representation-ceiling';

const background = loadBackgroundFrequencies();
const time = new Date('2031-05-06T08:00:00Z');

function article(id: string, story: string, topic: number, sentences: string[]) {
  return { id, title: sentences[0], body: sentences.slice(1).join('\n\n'), time, story, topic };
}

// Two reports of each event, and parts of the originals as further reports: enough articles that every one has
// neighbours of its own story.
const articles = [
  article('storm-1', 'storm', 1, HARBOUR_STORM),
  article('storm-2', 'storm', 1, HARBOUR_STORM_REWRITE),
  article('storm-3', 'storm', 1, HARBOUR_STORM.slice(0, 4)),
  article('storm-4', 'storm', 1, [HARBOUR_STORM[0], ...HARBOUR_STORM.slice(3)]),
  article('theft-1', 'theft', 1, MUSEUM_THEFT),
  article('theft-2', 'theft', 1, MUSEUM_THEFT_REWRITE),
  article('theft-3', 'theft', 1, MUSEUM_THEFT.slice(0, 3)),
  article('theft-4', 'theft', 1, [MUSEUM_THEFT[0], ...MUSEUM_THEFT.slice(2)]),
];

describe('representationCeiling', () => {
  it('clusters all articles at once with the online representation', async () => {
    const { predicted } = await representationCeiling(articles, background);
    const storyOf = (id: string) => predicted.get(id);
    expect(new Set(['storm-1', 'storm-2', 'storm-3', 'storm-4'].map(storyOf)).size).toBe(1);
    expect(new Set(['theft-1', 'theft-2', 'theft-3', 'theft-4'].map(storyOf)).size).toBe(1);
    expect(storyOf('storm-1')).not.toBe(storyOf('theft-1'));
  });

  it('measures per topic how far article similarity separates its stories', async () => {
    const { separability } = await representationCeiling(articles, background);
    expect(separability).toEqual([{ topic: 1, auc: 1 }]);
  });

  it('leaves out a topic with a single story (nothing to separate)', async () => {
    const { separability } = await representationCeiling(
      [...articles, article('lone', 'lone', 2, HARBOUR_STORM_REWRITE.slice(1))],
      background,
    );
    expect(separability.map((t) => t.topic)).toEqual([1]);
  });
});
