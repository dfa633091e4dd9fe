import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  extractHtml,
  HTML_EXTRACT_RULE,
  HTML_FALLBACK_RULE,
  HTML_JSON_LD_BODY_RULE,
  READABILITY_BUDGET,
} from './extract-html';

const fixture = (name: string) =>
  fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'html', name), 'utf8');

describe('extractHtml', () => {
  it('extracts the story body without navigation, promos, related links, comments or footer', () => {
    const { text, method } = extractHtml(fixture('news-article.html'), null);
    expect(method).toBe(HTML_EXTRACT_RULE);
    expect(text).toMatch(/^EASTGATE \u2014 The harbour bridge in Eastgate reopened/);
    expect(text).toContain('\n\nOlder than the ring road\n\n');
    for (const chrome of [
      'Weather',
      'Ferry timetable',
      'harbourwatcher',
      'Finally!',
      'All rights reserved',
      'Subscribe',
    ]) {
      expect(text).not.toContain(chrome);
    }
  });

  it('reads metadata with JSON-LD first, then Open Graph / meta tags, then <title>', () => {
    const { metadata } = extractHtml(fixture('news-article.html'), 'https://courier.example/news/x');
    expect(metadata).toEqual({
      title: { value: 'Harbour bridge reopens after six-month repair', source: 'json-ld' },
      publishedAt: { value: '2031-03-11T06:45:00.000Z', source: 'json-ld' },
      author: { value: 'Marta Ellison', source: 'json-ld' },
      canonicalUrl: { value: 'https://courier.example/news/2031/03/harbour-bridge-reopens', source: 'html-meta' },
      siteName: { value: 'The Lakeside Courier', source: 'html-meta' },
      description: {
        value: 'The Eastgate harbour bridge reopened to traffic on Tuesday after repairs to its lifting span.',
        source: 'html-meta',
      },
      language: { value: 'en-GB', source: 'html-meta' },
      agencies: [],
    });
  });

  it.each([
    ['<head><meta name="parsely-pub-date" content="2031-03-11T06:45:00Z"></head><body>', ''],
    ['<head></head><body><article><meta itemprop="datePublished" content="2031-03-11T06:45:00Z">', '</article>'],
  ])('reads the analytics and microdata publication dates news sites carry (%#)', (before, after) => {
    const { metadata } = extractHtml(`<html>${before}<p>Harbour bridge reopens.</p>${after}</body></html>`, null);
    expect(metadata.publishedAt).toEqual({ value: '2031-03-11T06:45:00.000Z', source: 'html-meta' });
  });

  it('falls back to meta tags when JSON-LD is broken, and credits an agency author', () => {
    const { metadata } = extractHtml(fixture('live-page.html'), null);
    expect(metadata.title).toEqual({ value: 'Live: floods across the valley', source: 'html-meta' });
    expect(metadata.publishedAt).toEqual({ value: '2029-06-14T05:30:00.000Z', source: 'html-meta' });
    expect(metadata.agencies).toEqual(['REUTERS']);
  });

  it('strips the site name from <title> when no better title exists', () => {
    const html =
      '<html><head><title>Bridge reopens | The Courier</title><meta property="og:site_name" content="The Courier"></head><body><p>Text.</p></body></html>';
    expect(extractHtml(html, null).metadata.title).toEqual({ value: 'Bridge reopens', source: 'html-meta' });
  });

  it("strips a site's name from every declared title when the page's <h1> shows the clean one", () => {
    const page = (head: string, h1: string) =>
      `<html><head>${head}</head><body><header><h1>${h1}</h1></header><article><p>The library on Mill Street will open until nine on weekdays from May, the council said.</p></article></body></html>`;
    const title = (head: string, h1 = 'Library hours extended') => extractHtml(page(head, h1), null).metadata.title;
    expect(title('<title>Library hours extended | Ridgemont Courier</title>')).toEqual({
      value: 'Library hours extended',
      source: 'html-meta',
    });
    expect(title('<meta property="og:title" content="Library hours extended – Ridgemont Courier">')).toEqual({
      value: 'Library hours extended',
      source: 'html-meta',
    });
    // The site's name first: only when the page declares it.
    expect(
      title(
        '<meta property="og:site_name" content="Ridgemont Courier"><title>Ridgemont Courier - Library hours extended</title>',
      )?.value,
    ).toBe('Library hours extended');
    // A heading that is the site's logo strips nothing; neither does a title the heading does not repeat.
    expect(title('<title>Library hours extended | Ridgemont Courier</title>', 'Ridgemont Courier')?.value).toBe(
      'Library hours extended | Ridgemont Courier',
    );
    expect(title('<title>Bridge closes - for repairs</title>', 'Bridge closes for repairs')?.value).toBe(
      'Bridge closes - for repairs',
    );
  });

  it('reports the body-walk fallback when Readability finds no article', () => {
    const { text, method } = extractHtml('<html><head><title>T</title></head><body></body></html>', null);
    expect(method).toBe(HTML_FALLBACK_RULE);
    expect(text).toBe('');
  });

  it('reads a page too costly for Readability (many elements, deep) by the body walk, keeping its text', () => {
    // Each <ul><li> pair nests two levels until the nesting bound, then the items stay siblings at the bound.
    const items = Math.ceil(READABILITY_BUDGET / 50);
    const { text, method } = extractHtml(`<html><body>${'<ul><li>'.repeat(items)}The mayor spoke.</body></html>`, null);
    expect(method).toBe(HTML_FALLBACK_RULE);
    expect(text).toContain('The mayor spoke.');
  });

  it("takes JSON-LD's articleBody when the markup holds far less (a page rendered by scripts)", () => {
    const story =
      'The harbour bridge in Eastgate reopened on Tuesday after six months of repairs.\nTraffic resumed at noon.';
    const page = (body: string) =>
      `<html><head><script type="application/ld+json">${JSON.stringify({
        '@type': 'NewsArticle',
        headline: 'Bridge reopens',
        articleBody: body,
      })}</script></head><body><div class="consent"><p>We use cookies.</p></div></body></html>`;
    expect(extractHtml(page(story), null)).toMatchObject({ text: story, method: HTML_JSON_LD_BODY_RULE });
    // A teaser no longer than the markup's text does not replace it.
    expect(extractHtml(page('Bridge.'), null).method).not.toBe(HTML_JSON_LD_BODY_RULE);
  });

  it('reads an articleBody holding HTML, escaped HTML or entities as text, and measures that text', () => {
    const page = (body: string) =>
      `<html><head><script type="application/ld+json">${JSON.stringify({
        '@type': 'NewsArticle',
        articleBody: body,
      })}</script></head><body><p>We use cookies.</p></body></html>`;
    const paragraphs = '<p>The harbour bridge in Eastgate reopened on Tuesday.</p><p>Traffic resumed at noon.</p>';
    const expected = 'The harbour bridge in Eastgate reopened on Tuesday.\n\nTraffic resumed at noon.';
    const escaped = paragraphs.replace(/</g, '&lt;').replace(/>/g, '&gt;');
    for (const body of [paragraphs, escaped]) {
      expect(extractHtml(page(body), null)).toMatchObject({ text: expected, method: HTML_JSON_LD_BODY_RULE });
    }
    expect(
      extractHtml(page('The mayor&#8217;s bridge reopened &amp; traffic resumed.\nMore at noon.'), null),
    ).toMatchObject({
      text: 'The mayor\u2019s bridge reopened & traffic resumed.\nMore at noon.',
      method: HTML_JSON_LD_BODY_RULE,
    });
    // Escaped, this body is over twice the markup's 15 characters; its text (21) is not, and does not replace it.
    expect(extractHtml(page('&lt;p&gt;Bridge reopens today.&lt;/p&gt;'), null).method).not.toBe(HTML_JSON_LD_BODY_RULE);
  });

  it('leaves the articleBody of a page marked not free to read', () => {
    const html = `<html><head><script type="application/ld+json">${JSON.stringify({
      '@type': 'NewsArticle',
      isAccessibleForFree: false,
      articleBody: 'The harbour bridge in Eastgate reopened on Tuesday after six months of repairs.',
    })}</script></head><body><p>Subscribe to read.</p></body></html>`;
    const { text, method } = extractHtml(html, null);
    expect(text).toBe('Subscribe to read.');
    expect(method).not.toBe(HTML_JSON_LD_BODY_RULE);
  });
});
