import { coreCoverage, scoreStory, scoreStoryPairs, timeDecay } from './story-scoring';
import { foldArticle, foldCopy, newProfile, StoryProfile } from './story-profile';
import { WeightedArticle } from './weighted-article';

const DAY = 24 * 60 * 60 * 1000;
const DECAY = { graceMs: DAY, halfLifeMs: 2 * DAY };
const WEIGHTS = { content: 0.5, entities: 0.3, title: 0.2 };

function story(overrides: Partial<StoryProfile> = {}): StoryProfile {
  return {
    id: 's',
    title: null,
    articleCount: 4,
    firstSeen: '2030-01-10T00:00:00.000Z',
    lastSeen: '2030-01-11T00:00:00.000Z',
    // The sums of four members' unit vectors: every member has the same terms and headline.
    terms: [
      ['storm', 4 / Math.SQRT2],
      ['breakwater', 4 / Math.SQRT2],
    ],
    entities: [
      ['alder', 3],
      ['brandt', 1],
      ['wendel', 1],
    ],
    entityCounts: [
      ['alder', 4],
      ['brandt', 4],
      ['wendel', 1],
    ],
    titleTerms: [['storm', 4]],
    members: { terms: 4, entities: 4, titleTerms: 4 },
    ...overrides,
  };
}

function article(entities: string[], terms = ['storm', 'breakwater']): WeightedArticle {
  const unit = (keys: string[]) => new Map(keys.map((k) => [k, 1 / Math.sqrt(keys.length)]));
  return { terms: unit(terms), entities: unit(entities), titleTerms: unit(['storm']) };
}

describe('coreCoverage', () => {
  it('is the weighted share of the names most of the story’s articles use', () => {
    expect(coreCoverage(article(['alder', 'brandt']), story())).toBe(1);
    expect(coreCoverage(article(['alder']), story())).toBeCloseTo(3 / 4);
    expect(coreCoverage(article(['wendel']), story())).toBe(0);
  });

  it('is 1 for a story too small to have a core', () => {
    expect(
      coreCoverage(article([]), story({ articleCount: 2, members: { terms: 2, entities: 2, titleTerms: 2 } })),
    ).toBe(1);
  });

  it('counts the articles whose names were counted, not syndicated copies', () => {
    const time = new Date('2030-01-10T00:00:00Z');
    let s = newProfile('s', null, article(['alder', 'brandt']), time);
    s = foldArticle(s, article(['alder', 'brandt']), time);
    s = foldCopy(foldCopy(s, time), time);
    // Four articles, two with names: too few for a core, however many copies the story has.
    expect(s.articleCount).toBe(4);
    expect(coreCoverage(article(['wendel']), s)).toBe(1);
  });
});

describe('timeDecay', () => {
  it('is 1 inside the story span and within the grace period, then halves every half-life', () => {
    expect(timeDecay(new Date('2030-01-10T12:00:00Z'), story(), DECAY)).toBe(1);
    expect(timeDecay(new Date('2030-01-12T00:00:00Z'), story(), DECAY)).toBe(1);
    expect(timeDecay(new Date('2030-01-14T00:00:00Z'), story(), DECAY)).toBeCloseTo(0.5);
    expect(timeDecay(new Date('2030-01-07T00:00:00Z'), story(), DECAY)).toBeCloseTo(0.5);
  });
});

describe('scoreStory', () => {
  it('is 1 for an article identical to the centroid and naming the whole core', () => {
    const scores = scoreStory(
      article(['alder', 'brandt', 'wendel']),
      new Date('2030-01-10T06:00:00Z'),
      story(),
      WEIGHTS,
      DECAY,
    );
    expect(scores.content).toBeCloseTo(1);
    expect(scores.title).toBeCloseTo(1);
    expect(scores.coreCoverage).toBe(1);
    expect(scores.total).toBeCloseTo(scores.entities * 0.3 + 0.7);
  });

  it('leaves out components the article lacks instead of counting them as zero', () => {
    const bare: WeightedArticle = { ...article([]), titleTerms: new Map() };
    const scores = scoreStory(
      bare,
      new Date('2030-01-10T06:00:00Z'),
      story({ articleCount: 1, members: { terms: 1, entities: 1, titleTerms: 1 } }),
      WEIGHTS,
      DECAY,
    );
    expect(scores.total).toBeCloseTo(scores.content);
  });

  it('scales by core coverage to the given exponent', () => {
    const partial = article(['alder']);
    const time = new Date('2030-01-10T06:00:00Z');
    const full = scoreStory(partial, time, story(), WEIGHTS, DECAY, 0);
    const damped = scoreStory(partial, time, story(), WEIGHTS, DECAY, 1);
    expect(damped.total).toBeCloseTo(full.total * 0.75);
  });

  it('is the mean similarity to the story’s articles (average link), so a diffuse story pulls less', () => {
    const time = new Date('2030-01-10T06:00:00Z');
    const tight = foldArticle(newProfile('t', null, article(['alder']), time), article(['alder']), time);
    const diffuse = foldArticle(
      newProfile('d', null, article(['alder']), time),
      article(['wendel'], ['harbour', 'ferry']),
      time,
    );
    const probe = article(['alder']);
    expect(scoreStory(probe, time, tight, WEIGHTS, DECAY).content).toBeCloseTo(1);
    // Cosine 1 with one member, 0 with the other.
    expect(scoreStory(probe, time, diffuse, WEIGHTS, DECAY).content).toBeCloseTo(0.5);
    expect(scoreStory(probe, time, diffuse, WEIGHTS, DECAY).entities).toBeCloseTo(0.5);
  });
});

describe('scoreStoryPairs', () => {
  it('is the mean similarity over all pairs of the two stories’ articles', () => {
    const time = new Date('2030-01-10T06:00:00Z');
    const a = newProfile('a', null, article(['alder'], ['storm', 'breakwater']), time);
    const b = foldArticle(
      newProfile('b', null, article(['alder'], ['storm', 'breakwater']), time),
      article(['alder'], ['harbour', 'ferry']),
      time,
    );
    const [scores] = scoreStoryPairs(a, [b], WEIGHTS, DECAY);
    expect(scores.content).toBeCloseTo(0.5);
    expect(scores.entities).toBeCloseTo(1);
    expect(scoreStoryPairs(a, [a], WEIGHTS, DECAY)[0].total).toBeCloseTo(1);
  });
});
