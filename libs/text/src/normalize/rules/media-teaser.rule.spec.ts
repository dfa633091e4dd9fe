import { mediaTeaserRule } from './media-teaser.rule';

describe('media-teaser rule', () => {
  it.each(['Sketch video on youtube', 'WATCH: Firefighters tackle the blaze', 'Listen to the full podcast here'])(
    'removes %p',
    (line) => expect(mediaTeaserRule.matches(line)).toBe(true),
  );

  it.each([
    'Video games boom',
    'The video, posted on Twitter, showed the convoy.',
    'Police are studying footage from the scene.',
  ])('keeps %p', (line) => expect(mediaTeaserRule.matches(line)).toBe(false));
});
