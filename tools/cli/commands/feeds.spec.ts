import type { FeedView } from '@storyline/pipeline';
import { healthOf, table } from './feeds';

const feed = (over: Partial<FeedView>): FeedView => ({
  id: '7b0e3c1e-5a4f-4a53-9d1e-2f7f3b1c9a10',
  url: 'https://courier.example/feed.xml',
  kind: 'rss',
  source: 'courier',
  pollEvery: '15m',
  status: 'active',
  nextPollAt: new Date('2031-03-11T07:00:00Z'),
  lastPolledAt: new Date('2031-03-11T06:45:00Z'),
  lastHttpStatus: 200,
  lastError: null,
  itemsSeen: 40,
  itemsIngested: 12,
  consecutiveErrors: 0,
  createdAt: new Date('2031-03-01T00:00:00Z'),
  ...over,
});

describe('feeds command', () => {
  it('tells a feed’s health at a glance', () => {
    expect(healthOf(feed({}))).toBe('ok');
    expect(healthOf(feed({ lastPolledAt: null }))).toBe('new');
    expect(healthOf(feed({ consecutiveErrors: 3 }))).toBe('failing');
    expect(healthOf(feed({ status: 'paused', consecutiveErrors: 3 }))).toBe('paused');
  });

  it('lists feeds in aligned columns, with the last error of a failing one', () => {
    const text = table([
      feed({}),
      feed({
        id: '0c1d',
        url: 'https://port.example/n.xml',
        consecutiveErrors: 2,
        lastHttpStatus: 503,
        lastError: 'HTTP 503',
      }),
    ]);
    const [header, ok, failing] = text.trimEnd().split('\n');
    expect(header).toMatch(/^id\s+health\s+kind\s+every\s+last poll\s+http\s+ingested\/seen\s+url\s+last error$/);
    expect(ok).toContain('ok  ');
    expect(ok).toContain('2031-03-11T06:45:00Z');
    expect(ok).toContain('12/40');
    expect(failing).toContain('failing ×2');
    expect(failing.endsWith('HTTP 503')).toBe(true);
    expect(header.indexOf('url')).toBe(ok.indexOf('https://'));
  });
});
