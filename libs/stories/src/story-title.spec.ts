import { extractFeatures } from './article-features';
import { foldArticle, newProfile } from './story-profile';
import { chooseStoryTitle, headlineCentrality } from './story-title';
import { weighArticle } from './weighted-article';

describe('story title', () => {
  // A flood story: most reports are about the harbour flooding and the evacuation; one is a side note.
  const articles = [
    {
      title: 'Council approves budget for harbour museum',
      body: 'The harbour flood reached the museum basement. Officials said the museum would reopen next month.',
    },
    {
      title: 'Storm surge floods Port Ellis harbour, hundreds evacuated',
      body: 'A storm surge flooded the harbour district of Port Ellis. Hundreds of residents were evacuated as water rose.',
    },
    {
      title: 'Port Ellis harbour flooding forces evacuations',
      body: 'Flooding in the Port Ellis harbour district forced evacuations. Residents were evacuated to the school.',
    },
    {
      title: 'Evacuated residents return as Port Ellis flood recedes',
      body: 'Residents evacuated from the flooded harbour of Port Ellis began to return as the flood receded.',
    },
  ];
  const weighted = articles.map((a) => weighArticle(extractFeatures({ title: a.title, body: a.body }), new Map(), 100));
  let profile = newProfile('s', articles[0].title, weighted[0], new Date('2031-03-03T10:00:00Z'));
  for (const w of weighted.slice(1)) profile = foldArticle(profile, w, new Date('2031-03-03T11:00:00Z'));

  it('ranks the headlines sharing the most of the story above a side note', () => {
    const side = headlineCentrality(articles[0].title, profile);
    for (const a of articles.slice(1)) expect(headlineCentrality(a.title, profile)).toBeGreaterThan(side);
    expect(headlineCentrality('', profile)).toBe(0);
  });

  it('titles a story by its most central declared headline, over the founding one', () => {
    const chosen = chooseStoryTitle(
      articles.map((a) => ({ title: a.title, declared: true })),
      profile,
    );
    expect(chosen?.title).not.toBe(articles[0].title);
    expect(articles.slice(1).map((a) => a.title)).toContain(chosen?.title);
  });

  it('prefers any declared headline to a lead sentence, and keeps the earlier of equals', () => {
    const lead = {
      title: 'A storm surge driven by gale-force winds flooded the harbour district of Port Ellis on Mo…',
      declared: false,
    };
    expect(chooseStoryTitle([lead, { title: articles[0].title, declared: true }], profile)?.title).toBe(
      articles[0].title,
    );
    expect(chooseStoryTitle([lead], profile)).toBe(lead);
    const same = { title: articles[2].title, declared: true };
    expect(chooseStoryTitle([same, { ...same }], profile)).toBe(same);
    expect(chooseStoryTitle([], profile)).toBeNull();
  });
});
