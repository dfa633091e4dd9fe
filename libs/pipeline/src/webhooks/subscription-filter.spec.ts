import { subscriptionWants } from './subscription-filter';

const story = { entities: [{ id: 'e1' }], sources: ['wire'] };

describe('subscriptionWants', () => {
  it('needs the event type', () => {
    expect(subscriptionWants(['story.created'], {}, 'story.updated', story)).toBe(false);
    expect(subscriptionWants(['story.updated'], {}, 'story.updated', story)).toBe(true);
  });

  it('matches entity and source filters against the story, also inside a merge event', () => {
    expect(subscriptionWants(['story.updated'], { entityIds: ['e1'] }, 'story.updated', story)).toBe(true);
    expect(subscriptionWants(['story.updated'], { entityIds: ['e2'] }, 'story.updated', story)).toBe(false);
    expect(subscriptionWants(['story.merged'], { sources: ['wire'] }, 'story.merged', { story })).toBe(true);
    expect(subscriptionWants(['story.merged'], { sources: ['blog'] }, 'story.merged', { story })).toBe(false);
  });

  it('filters article events by type only', () => {
    expect(subscriptionWants(['article.failed'], { sources: ['x'] }, 'article.failed', { articleId: 'a' })).toBe(true);
  });
});
