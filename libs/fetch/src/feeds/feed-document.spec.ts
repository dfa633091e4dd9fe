import { FeedFormatError, readFeedDocument } from './feed-document';

const rss = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>The Harbour Courier</title><link>https://courier.example/</link>
<atom:link href="https://courier.example/feed.xml" rel="self" type="application/rss+xml"/>
<item><title><![CDATA[Harbour bridge reopens & traffic returns]]></title><link>https://courier.example/news/bridge?utm_source=rss</link>
  <pubDate>Tue, 11 Mar 2031 06:45:00 GMT</pubDate><guid isPermaLink="false">c-1</guid></item>
<item><title>Ferry cuts night crossings</title><guid>https://courier.example/news/ferry</guid><dc:date>2031-03-12T08:00:00Z</dc:date></item>
<item><title>No address</title><link>javascript:void(0)</link></item>
</channel></rss>`;

const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Port Authority</title>
<entry><title type="html">Dredging resumes</title><link rel="replies" href="https://port.example/c/1"/>
  <link rel="alternate" href="https://port.example/notices/dredging"/><published>2031-03-10T09:00:00Z</published></entry>
<entry><title>Pilot boats</title><link href="https://port.example/notices/pilots"/><updated>2031-03-09T09:00:00Z</updated></entry>
</feed>`;

const newsSitemap = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://courier.example/news/cranes</loc><news:news><news:publication><news:name>Courier</news:name>
<news:language>en</news:language></news:publication><news:publication_date>2031-03-13T07:00:00Z</news:publication_date>
<news:title>Cranes switch to shore power</news:title></news:news></url>
</urlset>`;

describe('readFeedDocument', () => {
  it('reads RSS 2.0 items, with a permalink guid standing for a missing link', () => {
    expect(readFeedDocument(rss)).toEqual({
      kind: 'rss',
      items: [
        {
          url: 'https://courier.example/news/bridge?utm_source=rss',
          title: 'Harbour bridge reopens & traffic returns',
          published: 'Tue, 11 Mar 2031 06:45:00 GMT',
        },
        {
          url: 'https://courier.example/news/ferry',
          title: 'Ferry cuts night crossings',
          published: '2031-03-12T08:00:00Z',
        },
      ],
    });
  });

  it('reads Atom entries by their alternate link', () => {
    expect(readFeedDocument(atom)).toEqual({
      kind: 'atom',
      items: [
        { url: 'https://port.example/notices/dredging', title: 'Dredging resumes', published: '2031-03-10T09:00:00Z' },
        { url: 'https://port.example/notices/pilots', title: 'Pilot boats', published: '2031-03-09T09:00:00Z' },
      ],
    });
  });

  it('reads a JSON Feed', () => {
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Courier',
      items: [
        {
          id: '1',
          url: 'https://courier.example/news/tide',
          title: 'Record tide',
          date_published: '2031-03-14T05:00:00Z',
        },
      ],
    });
    expect(readFeedDocument(json)).toEqual({
      kind: 'json',
      items: [{ url: 'https://courier.example/news/tide', title: 'Record tide', published: '2031-03-14T05:00:00Z' }],
    });
  });

  it('reads a Google News sitemap, a plain sitemap and a sitemap index', () => {
    expect(readFeedDocument(newsSitemap)).toEqual({
      kind: 'news-sitemap',
      items: [
        {
          url: 'https://courier.example/news/cranes',
          title: 'Cranes switch to shore power',
          published: '2031-03-13T07:00:00Z',
        },
      ],
    });
    const plain = `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://courier.example/a</loc><lastmod>2031-03-01</lastmod></url></urlset>`;
    expect(readFeedDocument(plain)).toEqual({
      kind: 'sitemap',
      items: [{ url: 'https://courier.example/a', title: undefined, published: '2031-03-01' }],
    });
    const index = `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://courier.example/news.xml</loc></sitemap></sitemapindex>`;
    expect(readFeedDocument(index)).toEqual({ kind: 'sitemap-index', sitemaps: ['https://courier.example/news.xml'] });
  });

  it('refuses entity declarations, documents that are not feeds, and malformed XML', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><rss><channel><item><title>&b;</title></item></channel></rss>`;
    expect(() => readFeedDocument(bomb)).toThrow(FeedFormatError);
    expect(() => readFeedDocument('<html><body>Not a feed</body></html>')).toThrow(
      /not a feed or sitemap \(root element html\)/,
    );
    expect(() => readFeedDocument('<rss><channel><item></channel>')).toThrow(FeedFormatError);
    expect(() => readFeedDocument('{"items": []}')).toThrow(/JSON Feed version/);
  });
});
