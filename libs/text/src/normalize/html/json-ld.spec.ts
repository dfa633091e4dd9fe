import { readJsonLdArticle } from './json-ld';

describe('readJsonLdArticle', () => {
  it('finds the article node inside an @graph and reads its fields', () => {
    const block = JSON.stringify({
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', name: 'Site' },
        {
          '@type': ['NewsArticle'],
          headline: 'Bridge reopens',
          datePublished: '2031-03-11T07:45:00+01:00',
          author: [{ '@type': 'Person', name: 'Marta Ellison' }, { name: 'https://x.example/author' }, 'Tom Reid'],
          publisher: { '@type': 'Organization', name: 'The Courier' },
          mainEntityOfPage: { '@id': 'https://courier.example/bridge' },
          inLanguage: 'en-GB',
        },
      ],
    });
    expect(readJsonLdArticle([block])).toEqual({
      headline: 'Bridge reopens',
      datePublished: '2031-03-11T07:45:00+01:00',
      authors: ['Marta Ellison', 'Tom Reid'],
      publisher: 'The Courier',
      url: 'https://courier.example/bridge',
      description: null,
      language: 'en-GB',
      articleBody: null,
    });
  });

  it('reads top-level arrays and ignores malformed blocks', () => {
    const good = JSON.stringify([{ '@type': 'BreadcrumbList' }, { '@type': 'ReportageNewsArticle', headline: 'H' }]);
    expect(readJsonLdArticle(['{ "@type": "NewsArticle", }', good])?.headline).toBe('H');
  });

  it('returns null without an article node', () => {
    expect(readJsonLdArticle(['{"@type":"Organization","name":"X"}'])).toBeNull();
    expect(readJsonLdArticle([])).toBeNull();
  });
});
