import { newsletterRule } from './newsletter.rule';

describe('newsletter rule', () => {
  it.each([
    'Subscribe To Our Weekly Newsletter',
    'Get notified about new articles',
    'Sign up for our morning briefing',
    'Never miss a story: get our daily email',
    'Our Newsletter In Your Inbox Every Friday',
  ])('removes %p', (line) => expect(newsletterRule.matches(line)).toBe(true));

  it.each([
    'The newsletter, which has 10,000 readers, was closed in May.',
    'Subscribers complained about the price rise.',
    'She signed up for the army in 1990.',
  ])('keeps prose %p', (line) => expect(newsletterRule.matches(line)).toBe(false));
});
