import { readFeedDocument } from '@storyline/fetch';
import { newsSitemapFor, pageFor, rssFor } from './demo-site';

const published = new Date('2031-03-03T06:00:00Z');
const pages = [
  pageFor(
    'examples/articles/01-wire-storm-surge.txt',
    'PORT ELLIS, Mar 3 (Wire): A storm surge <flooded> the harbour.\nMore.',
    published,
  ),
  pageFor('examples/articles/02-caption.txt', 'Second article.', new Date(published.getTime() + 60_000)),
];

describe('demo site', () => {
  it('makes a page of a text article, escaped, one paragraph a line, its canonical URL declared', () => {
    expect(pages[0].path).toBe('/news/01-wire-storm-surge');
    expect(pages[0].html).toContain('<p>PORT ELLIS, Mar 3 (Wire): A storm surge &lt;flooded&gt; the harbour.</p>');
    expect(pages[0].html).toContain('<p>More.</p>');
    expect(pages[0].html).toContain('<link rel="canonical" href="/news/01-wire-storm-surge">');
  });

  it('lists the pages in an RSS feed and a news sitemap that Storyline reads', () => {
    const base = 'http://127.0.0.1:4650';
    expect(readFeedDocument(rssFor(base, pages))).toEqual({
      kind: 'rss',
      items: [
        { url: `${base}/news/02-caption`, title: undefined, published: 'Mon, 03 Mar 2031 06:01:00 GMT' },
        { url: `${base}/news/01-wire-storm-surge`, title: undefined, published: 'Mon, 03 Mar 2031 06:00:00 GMT' },
      ],
    });
    expect(readFeedDocument(newsSitemapFor(base, pages))).toMatchObject({
      kind: 'news-sitemap',
      items: [{ url: `${base}/news/01-wire-storm-surge` }, { url: `${base}/news/02-caption` }],
    });
  });
});
