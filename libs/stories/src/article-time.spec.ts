import { articleTimes, clusteringTime, publicationBasis } from './article-time';

const HOUR = 3_600_000;
const receivedAt = new Date('2026-11-21T12:00:00Z');
const window = 72 * HOUR;

describe('clusteringTime', () => {
  it('uses the receive time of an article with no publication time', () => {
    expect(clusteringTime({ published: null, receivedAt }, window)).toEqual({ at: receivedAt, basis: 'received' });
  });

  it('trusts a declared publication time however old (a dated backfill stays in its own time)', () => {
    const at = new Date('2014-03-10T08:00:00Z');
    expect(clusteringTime({ published: { at, from: 'declared' }, receivedAt }, window)).toEqual({
      at,
      basis: 'published',
    });
  });

  it('uses a date from the text that agrees with the arrival, even a day-precision one slightly ahead', () => {
    for (const iso of ['2026-11-19T00:00:00Z', '2026-11-21T00:00:00Z', '2026-11-22T00:00:00Z']) {
      const at = new Date(iso);
      expect(clusteringTime({ published: { at, from: 'text' }, receivedAt }, window)).toEqual({
        at,
        basis: 'published',
      });
    }
  });

  it('sets aside a date from the text older than the story window, saying why', () => {
    const at = new Date('2009-03-04T00:00:00Z');
    expect(clusteringTime({ published: { at, from: 'text' }, receivedAt }, window)).toEqual({
      at: receivedAt,
      basis: 'received',
      note: 'the date in the text is older than the story window',
    });
  });

  it('sets aside a date from the text that lies after the receipt', () => {
    const at = new Date('2026-12-01T00:00:00Z');
    expect(clusteringTime({ published: { at, from: 'text' }, receivedAt }, window)).toMatchObject({
      at: receivedAt,
      basis: 'received',
      note: 'the date in the text is later than its receipt',
    });
  });
});

describe('publicationBasis', () => {
  it("tells a declared publication time from one read in the text, and the normalizer's fallback from both", () => {
    for (const declared of ['input', 'html-meta', 'json-ld'] as const)
      expect(publicationBasis(declared)).toBe('declared');
    expect(publicationBasis('dateline')).toBe('text');
    expect(publicationBasis('text')).toBe('text');
    expect(publicationBasis('received')).toBeNull();
  });
});

describe('articleTimes', () => {
  it("keeps a publication time with how it was come by, and none for the normalizer's receive-time fallback", () => {
    const at = new Date('2026-11-20T00:00:00Z');
    expect(articleTimes({ at, source: 'dateline' }, receivedAt)).toEqual({
      published: { at, from: 'text' },
      receivedAt,
    });
    expect(articleTimes({ at: receivedAt, source: 'received' }, receivedAt)).toEqual({ published: null, receivedAt });
    expect(articleTimes(null, receivedAt)).toEqual({ published: null, receivedAt });
  });
});
