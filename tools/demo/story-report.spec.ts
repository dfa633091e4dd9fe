import { ArticleView, StoryView } from './query-client';
import { storyReport } from './story-report';

const article = (id: string, status = 'done', extra: Partial<ArticleView> = {}): ArticleView => ({
  id,
  url: null,
  status,
  storyId: null,
  error: null,
  failedStage: null,
  normalized: null,
  ...extra,
});

describe('storyReport', () => {
  it('prints stories in file order, marks copies with the file they copy, lists entities and failures', () => {
    const files = [
      { file: '01-wire.txt', id: 'a' },
      { file: '02-copy.txt', id: 'b' },
      { file: '03-other.txt', id: 'c' },
      { file: '04-broken.txt', id: 'd' },
    ];
    const stories: StoryView[] = [
      {
        id: 's2',
        title: 'Other',
        articleCount: 1,
        sources: ['ex'],
        entities: [],
        articles: [{ id: 'c', title: 'Other', source: 'ex', status: 'done', canonicalId: null, syndication: null }],
      },
      {
        id: 's1',
        title: 'x'.repeat(200),
        articleCount: 2,
        sources: ['ex'],
        entities: [{ name: 'Port Ellis', type: 'LOCATION', mentions: 4 }],
        articles: [
          {
            id: 'b',
            title: 'Copy',
            source: 'ex',
            status: 'done',
            canonicalId: 'a',
            syndication: { kind: 'near', canonicalId: 'a', jaccard: 0.5612, containment: 0.981 },
          },
          { id: 'a', title: 'Wire', source: 'ex', status: 'done', canonicalId: null, syndication: null },
        ],
      },
    ];
    const articles = new Map([
      ['d', article('d', 'failed', { failedStage: 'normalize', error: 'empty text' })],
      ['a', article('a')],
    ]);
    const text = storyReport(files, articles, stories);
    expect(text).toContain('2 stories');
    expect(text.indexOf('Story 1: xxx')).toBeLessThan(text.indexOf('Story 2: Other'));
    expect(text).toMatch(/Story 1: x{89}…\n/);
    expect(text).toContain('  • ex/01-wire.txt  Wire\n  • ex/02-copy.txt  Copy\n');
    expect(text).toContain('↳ copy of 01-wire.txt (near: containment 0.98, Jaccard 0.56)');
    expect(text).toContain('Entities: Port Ellis (location)');
    expect(text).toContain('Entities: (none)');
    expect(text).toContain('✗ 04-broken.txt: normalize: empty text');
  });
});
