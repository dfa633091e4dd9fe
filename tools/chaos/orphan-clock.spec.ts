import { OrphanClock, UnfinishedArticle } from './orphan-clock';

const a = (id: string, status = 'received', revision = 0): UnfinishedArticle => ({ id, status, revision });
const none = () => false;

describe('chaos: orphan clock', () => {
  it('times an article from the first poll that sees it without a job to the last, and ends it when a job appears', () => {
    const clock = new OrphanClock(10_000);
    clock.observe(0, [a('x')], none);
    clock.observe(4_000, [a('x')], none);
    clock.observe(12_000, [a('x')], none);
    clock.observe(14_000, [a('x')], () => true);
    const summary = clock.summary();
    expect(summary.longest).toMatchObject({ articleId: 'x', since: 0, lastSeen: 12_000, ms: 12_000 });
    expect(summary.overLimitCount).toBe(1);
    expect(summary.overLimit[0]).toMatchObject({ articleId: 'x', status: 'received' });
    expect(summary.lasting).toBe(1);
  });

  it('starts again when the article moves to another status or revision, and stops when it is finished', () => {
    const clock = new OrphanClock(10_000);
    clock.observe(0, [a('x'), a('y')], none);
    clock.observe(8_000, [a('x', 'normalized'), a('y', 'received', 1)], none);
    clock.observe(16_000, [a('x', 'normalized'), a('y', 'received', 1)], none);
    clock.observe(30_000, [], none);
    const summary = clock.summary();
    expect(summary.overLimitCount).toBe(0);
    expect(summary.longest?.ms).toBe(8_000);
    expect(summary.lasting).toBe(2);
  });

  it('counts a stretch still open over the limit, and leaves one-poll stretches (a race with the poll) at 0 ms', () => {
    const clock = new OrphanClock(5_000);
    clock.observe(0, [a('x'), a('y')], (article) => article.id === 'y');
    clock.observe(2_000, [a('x'), a('y')], (article) => article.id === 'x');
    clock.observe(9_000, [a('x'), a('y')], (article) => article.id === 'x');
    const summary = clock.summary();
    expect(summary.overLimitCount).toBe(1);
    expect(summary.overLimit.map((s) => [s.articleId, s.ms])).toEqual([['y', 7_000]]);
    expect(summary.lasting).toBe(1);
  });
});
