import { EvalArticle } from '../../eval/datasets';
import { ARTICLES_PER_DAY, articleInput, benchCorpus, COPY_SHARE, HEADLINE_SHARE, take } from './corpus';

const ecb: Array<EvalArticle & { topic: number }> = Array.from({ length: 40 }, (_, i) => ({
  id: `e${i}`,
  title: `Event ${i % 8} report ${i}`,
  body: `First paragraph of ${i}. It has two sentences.\n\nSecond paragraph ${i}. More text here.\n\nThird ${i}.`,
  time: new Date(0),
  story: `s${i % 8}`,
  topic: i % 4,
}));
const headlines: EvalArticle[] = Array.from({ length: 500 }, (_, i) => ({
  id: `u${i}`,
  title: `Headline number ${i}`,
  body: '',
  time: new Date(0),
  story: `h${i % 50}`,
}));

describe('bench pipeline: corpus', () => {
  const articles = take(benchCorpus(ecb, headlines, 3), 5000);
  const share = (kind: string) => articles.filter((a) => a.kind === kind).length / articles.length;

  it('mixes ECB+ articles, at least 30 % republished copies and UCI headlines in the configured shares', () => {
    expect(share('copy')).toBeGreaterThanOrEqual(0.3);
    expect(Math.abs(share('copy') - COPY_SHARE)).toBeLessThan(0.03);
    expect(Math.abs(share('headline') - HEADLINE_SHARE)).toBeLessThan(0.03);
    expect(share('ecb')).toBeGreaterThan(0.35);
  });

  it('posts every ECB+ article once before mixing new reports, and copies full text under another outlet', () => {
    const firstOriginals = articles.filter((a) => a.kind === 'ecb').slice(0, ecb.length);
    expect(new Set(firstOriginals.map((a) => a.body)).size).toBe(ecb.length);
    for (const copy of articles.filter((a) => a.kind === 'copy')) {
      expect(copy.body).toBeTruthy();
      expect(copy.source).toMatch(/^outlet-/);
    }
    for (const headline of articles.filter((a) => a.kind === 'headline')) {
      expect(headline.body).toBeUndefined();
      expect(headline.title).toMatch(/^Headline/);
    }
  });

  it("labels each article with its gold story: its ECB+ story, its UCI story, a copy its original's", () => {
    const goldOfTitle = new Map<string | undefined, string>();
    for (const a of articles) {
      if (a.kind === 'ecb') {
        expect(a.gold).toMatch(/^ecb:s\d$/);
        // Titles are unique per ECB+ article here ("report i"), and a mix keeps its first article's title.
        expect(ecb.some((e) => e.title === a.title && `ecb:${e.story}` === a.gold)).toBe(true);
        goldOfTitle.set(a.title, a.gold);
      } else if (a.kind === 'copy') {
        expect(a.gold).toBe(goldOfTitle.get(a.title));
      } else {
        expect(headlines.some((h) => h.title === a.title && `uci:${h.story}` === a.gold)).toBe(true);
      }
    }
    expect(Object.keys(articleInput(articles[0])).sort()).toEqual(
      Object.keys(articles[0])
        .filter((k) => k !== 'kind' && k !== 'gold')
        .sort(),
    );
  });

  it('has unique keys and times advancing at the configured pace', () => {
    expect(new Set(articles.map((a) => `${a.source}/${a.externalId}`)).size).toBe(articles.length);
    const days =
      (Date.parse(articles[articles.length - 1].publishedAt) - Date.parse(articles[0].publishedAt)) / 86_400_000;
    expect(days).toBeCloseTo((articles.length - 1) / ARTICLES_PER_DAY, 2);
  });

  it('is the same stream for the same seed and another for another seed', () => {
    expect(take(benchCorpus(ecb, headlines, 3), 300)).toEqual(articles.slice(0, 300));
    expect(take(benchCorpus(ecb, headlines, 4), 300)).not.toEqual(articles.slice(0, 300));
  });
});
