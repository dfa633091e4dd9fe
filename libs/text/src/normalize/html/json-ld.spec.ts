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

  it('gives no articleBody on a page marked not free to read, on the article or one of its parts', () => {
    const read = (extra: Record<string, unknown>) =>
      readJsonLdArticle([JSON.stringify({ '@type': 'NewsArticle', articleBody: 'The whole story.', ...extra })])
        ?.articleBody;
    expect(read({})).toBe('The whole story.');
    expect(read({ isAccessibleForFree: true })).toBe('The whole story.');
    expect(read({ isAccessibleForFree: false })).toBeNull();
    expect(read({ isAccessibleForFree: 'False' })).toBeNull();
    expect(
      read({ hasPart: { '@type': 'WebPageElement', isAccessibleForFree: 'False', cssSelector: '.paywall' } }),
    ).toBeNull();
    expect(read({ hasPart: [{ '@type': 'WebPageElement', isAccessibleForFree: 'True' }] })).toBe('The whole story.');
  });

  it('returns null without an article node', () => {
    expect(readJsonLdArticle(['{"@type":"Organization","name":"X"}'])).toBeNull();
    expect(readJsonLdArticle([])).toBeNull();
  });
});
