import { shareFollowRule } from './share-follow.rule';

describe('share-follow rule', () => {
  it.each([
    'Follow the coverage of the election at',
    'Share this article',
    'Follow us on Twitter for live traffic updates',
    'Follow us on Instagram.',
  ])('removes %p', (line) => expect(shareFollowRule.matches(line)).toBe(true));

  it.each([
    'Share prices fell on Monday.',
    'Follow-up talks are planned for next week.',
    'Following the vote, he resigned.',
  ])('keeps %p', (line) => expect(shareFollowRule.matches(line)).toBe(false));
});
