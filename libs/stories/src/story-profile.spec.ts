import {
  foldArticle,
  foldCopy,
  mergeProfiles,
  newProfile,
  profileMembers,
  StoryProfile,
  unfoldArticle,
} from './story-profile';
import { WeightedArticle } from './weighted-article';

const time = new Date('2030-01-10T00:00:00Z');

function article(terms: string[], entities: string[], title: string[]): WeightedArticle {
  const unit = (keys: string[]) => new Map(keys.map((k) => [k, 1 / Math.sqrt(keys.length)]));
  return { terms: unit(terms), entities: unit(entities), titleTerms: unit(title) };
}

describe('profile members', () => {
  it('count the vectors summed into each centroid: articles without names or headline add none there', () => {
    let s = newProfile('s', 'Storm', article(['storm'], ['alder'], ['storm']), time);
    s = foldArticle(s, article(['storm', 'ferry'], [], []), time);
    s = foldCopy(s, time);
    expect(s.articleCount).toBe(3);
    expect(profileMembers(s)).toEqual({ terms: 2, entities: 1, titleTerms: 1 });
  });

  it('add up when two stories merge', () => {
    const a = newProfile('a', null, article(['storm'], ['alder'], ['storm']), time);
    const b = foldArticle(
      newProfile('b', null, article(['ferry'], [], ['ferry']), time),
      article(['ferry'], ['wendel'], []),
      time,
    );
    expect(profileMembers(mergeProfiles(a, b))).toEqual({ terms: 3, entities: 2, titleTerms: 2 });
  });

  it('fall back to the article count for a profile stored before they were kept', () => {
    const { members: _dropped, ...stored } = newProfile('s', null, article(['storm'], ['alder'], ['storm']), time);
    const legacy: StoryProfile = { ...stored, articleCount: 4 };
    expect(profileMembers(legacy)).toEqual({ terms: 4, entities: 4, titleTerms: 4 });
    expect(profileMembers(foldArticle(legacy, article(['storm'], [], []), time))).toEqual({
      terms: 5,
      entities: 4,
      titleTerms: 4,
    });
  });
});

describe('unfoldArticle', () => {
  it('takes an article back out of the centroids, the name counts and the member counts', () => {
    const storm = article(['storm', 'breakwater'], ['alder'], ['storm']);
    const theft = article(['watch', 'museum'], ['brenmoor'], ['watch']);
    const both = foldArticle(newProfile('s', 'Storm', storm, time), theft, time);
    const back = unfoldArticle(both, theft);
    expect(back.terms.map(([k]) => k).sort()).toEqual(['breakwater', 'storm']);
    expect(back.entityCounts).toEqual([['alder', 1]]);
    expect(back.titleTerms.map(([k]) => k)).toEqual(['storm']);
    expect(back).toMatchObject({ articleCount: 1, members: { terms: 1, entities: 1, titleTerms: 1 } });
    back.terms.forEach(([, w], i) => expect(w).toBeCloseTo(newProfile('s', 'Storm', storm, time).terms[i][1]));
  });
});
