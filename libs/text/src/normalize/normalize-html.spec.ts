import * as fs from 'node:fs';
import * as path from 'node:path';
import { normalizeArticle } from './index';

// End-to-end HTML normalization on pages written for these tests (test/fixtures/html).
const fixture = (name: string) =>
  fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'html', name), 'utf8');

describe('normalizeArticle on HTML pages', () => {
  it('news page: body sections, dateline cut, furniture gone, metadata with provenance', () => {
    const a = normalizeArticle({ html: fixture('news-article.html'), receivedAt: '2031-03-11T08:00:00Z' });
    expect(a.title).toEqual({ value: 'Harbour bridge reopens after six-month repair', source: 'json-ld' });
    expect(a.sections.map((s) => [s.heading, s.lead, s.paragraphs.length])).toEqual([
      [null, true, 3],
      ['Older than the ring road', false, 2],
      ['What changes for drivers', false, 2],
    ]);
    expect(a.sections[0].paragraphs[0]).toMatch(/^The harbour bridge in Eastgate reopened/);
    expect(a.metadata.dateline).toEqual({ place: 'EASTGATE', date: null, raw: 'EASTGATE \u2014' });
    expect(a.report.removed).toEqual([{ rule: 'share-follow', text: 'Follow us on Twitter for live traffic updates' }]);
    expect(a.report.rules[0]).toEqual({ name: 'html-readability', count: 1 });
    expect(a.metadata.publishedAt).toEqual({ value: '2031-03-11T06:45:00.000Z', source: 'json-ld' });
    expect(a.language).toEqual({ code: 'en', confidence: 1, source: 'html-meta' });
    expect(a.text).not.toMatch(/comment|Weather|Subscribe/i);
  });

  it('wire brief: agency credited from dateline and author, date from <meta name=date>', () => {
    const a = normalizeArticle({ html: fixture('wire-brief.html') });
    expect(a.title).toEqual({ value: 'Ferry service suspended as gales hit the islands', source: 'html-meta' });
    expect(a.metadata.agencies).toEqual(['AP']);
    expect(a.metadata.dateline?.raw).toBe('STORNHAVEN (AP) \u2014');
    expect(a.metadata.publishedAt).toEqual({ value: '2030-11-02', source: 'html-meta' });
    expect(a.sections).toHaveLength(1);
    expect(a.text).not.toMatch(/cookies|Most read|Copyright|analytics/i);
  });

  it('live page: item headings become sections, caption removed and recorded, dateline dated from metadata', () => {
    const a = normalizeArticle({ html: fixture('live-page.html') });
    expect(a.sections.map((s) => s.heading)).toEqual([
      null,
      'Rail line closed until Sunday',
      'Insurers open emergency lines',
    ]);
    expect(a.report.removed).toEqual([
      { rule: 'caption', text: 'A rescue boat passes flooded houses in the lower village. Photo: Ana Ruiz / Reuters' },
    ]);
    expect(a.metadata.dateline).toEqual({
      place: 'MILLBRIDGE',
      date: '2029-06-14',
      raw: 'MILLBRIDGE, June 14 (Reuters) -',
    });
    expect(a.metadata.agencies).toEqual(['REUTERS']);
    expect(a.metadata.canonicalUrl).toEqual({
      value: 'https://riverpost.example/live/valley-floods',
      source: 'html-meta',
    });
    expect(a.text).not.toMatch(/Stay safe|Flood map|Facebook/);
  });

  it('an input title and language override the page', () => {
    const a = normalizeArticle({ html: fixture('wire-brief.html'), title: 'Ferries halted', language: 'en-US' });
    expect(a.title).toEqual({ value: 'Ferries halted', source: 'input' });
    expect(a.language).toEqual({ code: 'en', confidence: 1, source: 'input' });
  });

  it('falls back to the plain-text body when the page has no content', () => {
    const a = normalizeArticle({ html: '<html><body></body></html>', body: 'Body text from the crawler.' });
    expect(a.text).toBe('Body text from the crawler.');
    expect(a.report.rules[0]).toEqual({ name: 'html-body-fallback', count: 1 });
  });
});
